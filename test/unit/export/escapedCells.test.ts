import { describe, expect, it } from 'vitest';
import { escapeFormula } from '../../../src-shared/export/csv';
import { EscapedCellFinder } from '../../../src-shared/export/escapedCells';

describe('cells escaped like our exports, in a file not recognised as one', () => {
  it('finds nothing in cells our escape leaves alone, or that a spreadsheet would not run', () => {
    const f = new EscapedCellFinder(['a', 'b']);
    f.add(
      [
        ["'quoted", 'a=b'],
        ["'", "' =1"],
        ['=1', '-5'],
      ],
      2,
    );
    expect(f.warning()).toBeNull();
  });

  it('finds every cell escapeFormula writes, and names one cell in the singular', () => {
    for (const c of ['=1', '+31', '-0042', '@SUM(A1)', '\tx', '\rx', "'=1"]) {
      const f = new EscapedCellFinder(['name']);
      f.add([[escapeFormula(c)]], 7);
      expect(f.warning(), JSON.stringify(c)).toMatch(
        /^1 cell starts with ' .*: column "name" \(row 7\)\. It was imported as it is, quote included, and a job would send it so/,
      );
    }
  });

  it('names the first rows of each column, the count beyond them, and at most 5 columns', () => {
    const columns = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'];
    const f = new EscapedCellFinder(columns);
    f.add([columns.map(() => "'=x")], 2);
    f.add(
      [["'-1"], ["'-2"], ["'-3"]].map(([v]) => [v!, '', '', '', '', '', '']),
      10,
    );
    const w = f.warning()!;
    expect(w).toMatch(/^10 cells start with ' /);
    expect(w).toContain(
      'column "c1" (rows 2, 10, 11, … 4 in all), column "c2" (row 2), column "c3" (row 2), column "c4" (row 2), column "c5" (row 2), 2 more columns.',
    );
    expect(w).toContain('(e.g. "\'=x")');
    expect(w).toContain('put that column back at the end');
  });
});
