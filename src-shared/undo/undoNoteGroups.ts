// An undo plan's listed rows that share one reason, said once: a create-only Coursepath job of 200 rows
// listed "Coursepath has no member delete…" 200 times, burying a different reason in row 150. Used by the
// Undo panel and by `jobs undo`'s list, so both group alike.
import type { UndoRowNote } from '../contract/api';
import { rowRanges } from '../util/rowGroups';

/** The notes of one reason (at one step of a recipe job). */
export interface UndoNoteGroup {
  reason: string;
  /** A recipe job's step (0-based); the same words at two steps are two groups. */
  step?: number;
  /** The notes, in the plan's order: the per-row detail (a row may have several, one per key). */
  notes: UndoRowNote[];
  /** The distinct row numbers, ascending. */
  rowNumbers: number[];
}

/** One group per distinct reason (and step), in the order each first appears. */
export function groupUndoNotes(notes: readonly UndoRowNote[]): UndoNoteGroup[] {
  const groups = new Map<string, UndoRowNote[]>();
  for (const n of notes) {
    const k = `${n.step ?? ''}\u0000${n.reason}`;
    const g = groups.get(k);
    if (g) g.push(n);
    else groups.set(k, [n]);
  }
  return [...groups.values()].map((g) => ({
    reason: g[0]!.reason,
    ...(g[0]!.step !== undefined ? { step: g[0]!.step } : {}),
    notes: g,
    rowNumbers: [...new Set(g.map((n) => n.rowNumber))].sort((a, b) => a - b),
  }));
}

/** "Row 4", "Rows 2–201", "Rows 2, 4, 6, 8, 10, 12 and 24 more rows": the group's rows, the first few ranges. */
export function undoGroupRows(g: UndoNoteGroup): string {
  return g.rowNumbers.length === 1 ? `Row ${g.rowNumbers[0]}` : `Rows ${rowRanges(g.rowNumbers)}`;
}
