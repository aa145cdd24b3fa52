// The admin's choices on Reports, kept with the desk (desk.save's `reportChoice`), read against what is
// synced now: a course or a sync run chosen before may be gone since (a new sync, a connection removed).
import type { ReportChoice } from '../contract/dto/desk';
import type { SyncRunSummary } from '../sync/types';
import type { CourseOption } from './types';

/**
 * What to change so only courses and sync runs still synced stay chosen: one gone is dropped (a run gone
 * leaves that date at its default), and the report is built from those left. A null list was not read
 * this time: what was chosen from it stays. Empty when nothing changes.
 */
export function stillThere(
  c: Pick<ReportChoice, 'complianceKeys' | 'fromRunId' | 'toRunId'>,
  courses: readonly Pick<CourseOption, 'key'>[] | null,
  runs: readonly Pick<SyncRunSummary, 'id'>[] | null,
): Partial<Pick<ReportChoice, 'complianceKeys' | 'fromRunId' | 'toRunId'>> {
  const patch: Partial<Pick<ReportChoice, 'complianceKeys' | 'fromRunId' | 'toRunId'>> = {};
  if (courses) {
    const keys = c.complianceKeys.filter((k) => courses.some((x) => x.key === k));
    if (keys.length !== c.complianceKeys.length) patch.complianceKeys = keys;
  }
  if (runs) {
    if (c.fromRunId !== null && !runs.some((r) => r.id === c.fromRunId)) patch.fromRunId = null;
    if (c.toRunId !== null && !runs.some((r) => r.id === c.toRunId)) patch.toRunId = null;
  }
  return patch;
}

/** A course or sync run taken out of the choice because it is gone, with the name to say it by. */
export interface DroppedChoice {
  /** A course everyone must complete, or the sync run chosen as "From" or "To". */
  kind: 'course' | 'from' | 'to';
  name: string;
}

type Named = Pick<ReportChoice, 'complianceKeys' | 'fromRunId' | 'toRunId' | 'names'>;

const runName = (c: Named, id: number) => c.names?.[`run:${id}`] ?? `sync run ${id}`;
function courseName(c: Named, key: string): string {
  const kept = c.names?.[key];
  if (kept) return kept;
  const at = key.indexOf(':');
  return `the course with id ${key.slice(at + 1)} (connection ${key.slice(0, at)})`;
}

/**
 * What `patch` (stillThere's) takes out of the choice `c`, each named as it was when chosen (`c.names`),
 * else by what is left of it: a course's id and connection, a sync run's number.
 */
export function droppedChoices(c: Named, patch: ReturnType<typeof stillThere>): DroppedChoice[] {
  const out: DroppedChoice[] = [];
  if (patch.complianceKeys)
    for (const k of c.complianceKeys)
      if (!patch.complianceKeys.includes(k)) out.push({ kind: 'course', name: courseName(c, k) });
  if (patch.fromRunId === null && c.fromRunId !== null) out.push({ kind: 'from', name: runName(c, c.fromRunId) });
  if (patch.toRunId === null && c.toRunId !== null) out.push({ kind: 'to', name: runName(c, c.toRunId) });
  return out;
}

/** What Reports says of choices dropped (null for none): each by name, with what it was chosen for. */
export function droppedSentence(dropped: readonly DroppedChoice[]): string | null {
  if (dropped.length === 0) return null;
  const part = (d: DroppedChoice) =>
    d.kind === 'course'
      ? `${d.name}, a course everyone must complete (Training compliance)`
      : d.kind === 'from'
        ? `the sync of ${d.name} as “From” (now: when every connection was first synced)`
        : `the sync of ${d.name} as “To” (now: the latest sync)`;
  return `Gone since the last sync, so no longer chosen: ${dropped.map(part).join('; ')}.`;
}

/**
 * The names to keep with a choice: of each course and sync run chosen now, from the lists as synced now,
 * else as kept before (`c.names`); none of anything no longer chosen. `time` formats a sync's finish.
 */
export function choiceNames(
  c: Named,
  courses: readonly Pick<CourseOption, 'key' | 'title' | 'source'>[],
  runs: readonly Pick<SyncRunSummary, 'id' | 'finishedAt' | 'connectionName'>[],
  time: (at: number) => string,
): Record<string, string> {
  const names: Record<string, string> = {};
  for (const k of c.complianceKeys) {
    const course = courses.find((x) => x.key === k);
    const name = course ? `“${course.title}” (${course.source})` : c.names?.[k];
    if (name) names[k] = name;
  }
  for (const id of [c.fromRunId, c.toRunId]) {
    if (id === null) continue;
    const run = runs.find((r) => r.id === id);
    const name = run ? `${time(run.finishedAt)} · ${run.connectionName}` : c.names?.[`run:${id}`];
    if (name) names[`run:${id}`] = name;
  }
  return names;
}
