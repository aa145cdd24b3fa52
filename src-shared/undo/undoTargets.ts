// What the rows an undo sends act on — the course, program or group (or, for a member's or user's own
// record, the member or user) — so its confirmation names WHAT as well as how many and where: "on course
// “Safety 101” (id 17)", or "on 12 courses: “A” (id 1), “B” (id 2), “C” (id 3) and 9 more". Pure: main
// tallies the undo rows' cells and names the ids from the synced catalogue (src-main/db/lookups.ts).

/** What one undo row acts on. */
export type UndoTargetKind = 'course' | 'program' | 'group' | 'member' | 'user' | 'client';

/** The targets of an undo's rows (`UndoPlanDto.targets`, `UndoStepPlanDto.targets`). */
export interface UndoTargetsDto {
  kind: UndoTargetKind;
  /** Distinct targets among the undo rows (at least this many when `countCapped`). */
  count: number;
  countCapped: boolean;
  /** The few with the most rows (first seen first on a tie), named when the synced catalogue knows them. */
  named: { id: string; name: string | null; rows: number }[];
}

/** How many targets a sentence names before "and N more". */
export const UNDO_TARGETS_NAMED = 3;
/** Distinct ids a tally keeps: beyond it the count reads "more than". */
const TALLY_LIMIT = 10_000;

/** A container a row acts in wins over the member it acts for: an unenrolment is "from course 17". */
const CONTAINERS: readonly (readonly [string, UndoTargetKind])[] = [
  ['courseId', 'course'],
  ['programId', 'program'],
  ['groupId', 'group'],
];

/** The cell of an undo row that names its target; `byName`: the cell is the target's name, not an id. */
export interface UndoTargetField {
  index: number;
  kind: UndoTargetKind;
  byName?: boolean;
}

/** Which cell of an undo row (in the compensating template's `columns`) names its target, and what it is. */
export function undoTargetField(inverseId: string, columns: readonly string[]): UndoTargetField | null {
  // Coursepath's group calls name the group, not an id: the cell is its name.
  const group = inverseId.startsWith('coursepath.groups.') ? columns.indexOf('name') : -1;
  if (group >= 0) return { index: group, kind: 'group', byName: true };
  for (const [field, kind] of CONTAINERS) {
    const index = columns.indexOf(field);
    if (index >= 0) return { index, kind };
  }
  const member = columns.indexOf('memberId');
  if (member >= 0) return { index: member, kind: 'member' };
  const identifier = columns.indexOf('identifier');
  if (identifier >= 0)
    return { index: identifier, kind: inverseId.startsWith('coassemble.clients.') ? 'client' : 'user' };
  return null;
}

/** Counts the undo rows per target, for one compensating template (a job, or a recipe step). */
export class UndoTargetTally {
  private readonly rows = new Map<string, number>();
  private capped = false;

  constructor(private readonly field: UndoTargetField | null) {}

  /** One undo row's cells; a cell of several values (a recipe step's listed values, `;`-joined) counts each. */
  add(cells: readonly string[]): void {
    if (!this.field) return;
    for (const id of (cells[this.field.index] ?? '').split(';').map((v) => v.trim())) {
      if (id === '') continue;
      const n = this.rows.get(id);
      if (n !== undefined) this.rows.set(id, n + 1);
      else if (this.rows.size < TALLY_LIMIT) this.rows.set(id, 1);
      else this.capped = true;
    }
  }

  /** The ids a confirmation names, to look up. */
  named(): string[] {
    return [...this.rows.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, UNDO_TARGETS_NAMED)
      .map(([id]) => id);
  }

  /** What to look up in the catalogue; null when the cells are names already (or nothing is tallied). */
  get kind(): UndoTargetKind | null {
    return this.field && !this.field.byName ? this.field.kind : null;
  }

  /** The targets, `names` giving what the catalogue calls each named id; null when no row is undone. */
  result(names: ReadonlyMap<string, string>): UndoTargetsDto | null {
    if (!this.field || this.rows.size === 0) return null;
    return {
      kind: this.field.kind,
      count: this.rows.size,
      countCapped: this.capped,
      named: this.named().map((id) => ({
        id,
        name: this.field!.byName ? id : (names.get(id) ?? null),
        rows: this.rows.get(id)!,
      })),
    };
  }
}

const PLURAL: Record<UndoTargetKind, string> = {
  course: 'courses',
  program: 'programs',
  group: 'groups',
  member: 'members',
  user: 'users',
  client: 'clients',
};

/**
 * One target: “Safety 101” (id 17); id 17 when the catalogue does not know it (not synced); “Sales” for a
 * target named by its name (a Coursepath group).
 */
const one = (t: UndoTargetsDto['named'][number]) =>
  t.name === null ? `id ${t.id}` : t.name === t.id ? `“${t.name}”` : `“${t.name}” (id ${t.id})`;

/** "A", "A and B", "A, B and C". */
const andList = (xs: readonly string[]) =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)!}`;

/**
 * The targets in words: `course “Safety 101” (id 17)`, `2 groups: “Sales” (id 4) and “Ops” (id 5)`,
 * `12 courses: “A” (id 1), “B” (id 2), “C” (id 3) and 9 more`.
 */
export function undoTargetWords(t: UndoTargetsDto): string {
  const names = t.named.map(one);
  if (t.count === 1 && !t.countCapped) return `${t.kind} ${names[0]!.replace(/^id /, '')}`;
  const more = t.count - names.length;
  const count = `${t.countCapped ? 'more than ' : ''}${t.count.toLocaleString('en-US')} ${PLURAL[t.kind]}`;
  return `${count}: ${andList(more > 0 || t.countCapped ? [...names, `${more.toLocaleString('en-US')}${t.countCapped ? '+' : ''} more`] : names)}`;
}
