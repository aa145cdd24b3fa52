import { describe, expect, it } from 'vitest';
import { reportCsv } from '../../../src-shared/reports/reportCsv';

describe('report CSV', () => {
  it('defuses formula cells, quotes separators, keeps plain numbers as numbers', () => {
    const csv = reportCsv({
      title: 't',
      columns: [
        { key: 'a', label: 'Course', type: 'text' },
        { key: 'b', label: 'Rate', type: 'percent' },
      ],
      rows: [
        { a: '=HYPERLINK("http://x","y")', b: 50 },
        { a: '+31 6 1234', b: -3.5 },
        { a: '@SUM(A1)', b: null },
        { a: '-cmd', b: 0 },
        { a: 'Safety, Part 1', b: 12.5 },
      ],
    });
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Course,Rate');
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://x"",""y"")",50`);
    expect(lines[2]).toBe(`'+31 6 1234,-3.5`);
    expect(lines[3]).toBe(`'@SUM(A1),`);
    expect(lines[4]).toBe(`'-cmd,0`);
    expect(lines[5]).toBe('"Safety, Part 1",12.5');
    expect(csv.startsWith('\uFEFF')).toBe(true);
  });
});
