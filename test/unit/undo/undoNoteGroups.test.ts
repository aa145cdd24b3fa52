// Undo plan rows that share one reason, said once (src-shared/undo/undoNoteGroups.ts): a create-only job of
// 200 rows listed "Coursepath has no member delete" 200 times in the Undo panel.
import { describe, expect, it } from 'vitest';
import type { UndoRowNote } from '../../../src-shared/contract/api';
import { groupUndoNotes, undoGroupRows } from '../../../src-shared/undo/undoNoteGroups';

const NO_DELETE = 'Coursepath has no member delete: a member, once created, stays in the academy.';
const note = (rowNumber: number, reason: string, extra: Partial<UndoRowNote> = {}): UndoRowNote => ({
  rowNumber,
  key: `email=r${rowNumber}@example.com`,
  reason,
  ...extra,
});

describe('groupUndoNotes', () => {
  it('one group per distinct reason, in the order each first appears, with its rows ascending', () => {
    const notes = [
      ...Array.from({ length: 200 }, (_, i) => note(i + 2, NO_DELETE)),
      note(40, 'Already undone by job 1a2b3c4d.'),
      note(7, 'Already undone by job 1a2b3c4d.'),
    ];
    const groups = groupUndoNotes(notes);
    expect(groups.map((g) => [g.reason, g.notes.length])).toEqual([
      [NO_DELETE, 200],
      ['Already undone by job 1a2b3c4d.', 2],
    ]);
    expect(groups[1]!.rowNumbers).toEqual([7, 40]);
    expect(groups[1]!.notes.map((n) => n.rowNumber)).toEqual([40, 7]);
    expect(undoGroupRows(groups[0]!)).toBe('Rows 2–201');
    expect(undoGroupRows(groups[1]!)).toBe('Rows 7 and 40');
  });

  it("a recipe job's reasons are grouped per step: the same words at two steps are two lines", () => {
    const groups = groupUndoNotes([
      note(2, NO_DELETE, { step: 0 }),
      note(3, NO_DELETE, { step: 0 }),
      note(2, NO_DELETE, { step: 1 }),
    ]);
    expect(groups.map((g) => [g.step, g.rowNumbers])).toEqual([
      [0, [2, 3]],
      [1, [2]],
    ]);
  });

  it('a row listed twice for one reason (two keys of a step) counts both notes but names the row once', () => {
    const [g] = groupUndoNotes([note(5, NO_DELETE, { key: 'a' }), note(5, NO_DELETE, { key: 'b' })]);
    expect(g!.notes).toHaveLength(2);
    expect(g!.rowNumbers).toEqual([5]);
    expect(undoGroupRows(g!)).toBe('Row 5');
  });

  it('scattered rows: the first few ranges, then how many more', () => {
    const [g] = groupUndoNotes(Array.from({ length: 30 }, (_, i) => note(2 + i * 2, NO_DELETE)));
    expect(undoGroupRows(g!)).toBe('Rows 2, 4, 6, 8, 10, 12 and 24 more rows');
  });

  it('no notes, no groups', () => {
    expect(groupUndoNotes([])).toEqual([]);
  });
});
