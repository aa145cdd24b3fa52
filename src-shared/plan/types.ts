// A plan: what a file would do to the academy, row by row, before anything is sent. Each row is compared
// with the LMS's current state (read live, or from the synced catalog) and classified. Pure types, shared
// by the planners (./planners/), main's plan service (src-main/plan/) and the Plan screen.

/**
 * What running the row would do:
 * - `create`: something new appears in the LMS (a member, an enrolment, a group membership);
 * - `update`: something that exists changes (fields that differ, old → new; or a removal);
 * - `unchanged`: the LMS already holds what the row says — it is not sent;
 * - `conflict`: the row contradicts the LMS (its email belongs to another member) — not sent;
 * - `missing`: the course, member or group the row names does not exist — not sent (it would fail).
 */
export type PlanClass = 'create' | 'update' | 'unchanged' | 'conflict' | 'missing';

/** Besides the five: a row that cannot be built, or that repeats an earlier row's key (the preflight's). */
export type PlanRowClass = PlanClass | 'invalid' | 'duplicate';

export const PLAN_CLASSES: readonly PlanClass[] = ['create', 'update', 'unchanged', 'conflict', 'missing'];
export const PLAN_ROW_CLASSES: readonly PlanRowClass[] = [...PLAN_CLASSES, 'invalid', 'duplicate'];

/** The classes a plan's run sends; every other row is skipped with why. */
export const SENT_CLASSES: ReadonlySet<PlanRowClass> = new Set(['create', 'update']);

export type PlanCounts = Record<PlanRowClass, number>;

export const emptyCounts = (): PlanCounts => ({
  create: 0,
  update: 0,
  unchanged: 0,
  conflict: 0,
  missing: 0,
  invalid: 0,
  duplicate: 0,
});

/** One field that differs: what the LMS holds (null: nothing, or not known) and what the row sets. */
export interface PlanDiff {
  field: string;
  old: string | null;
  new: string | null;
  /**
   * The LMS's record does not carry this field at all (the synced catalog does not keep it, or the
   * answer leaves it out): `old` is not known rather than empty. Counted as different all the same.
   */
  unknown?: true;
}

/** Where the LMS's state came from: read now, or the synced catalog of `syncedAt`. */
export type PlanSource = { kind: 'live' } | { kind: 'sync'; syncedAt: number };

export type PlanState = 'reading' | 'ready' | 'interrupted' | 'failed';
