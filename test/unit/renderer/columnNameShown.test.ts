// A header cell typed over two lines (Alt+Enter: 'Employee⏎ID') named its column over two lines on Import
// and Map (the grid's header, the column statistics, the column picker), where the CLI prints it on one line
// as Employee\nID. The name shown is the CLI's; the name itself (what mappings are saved under) is kept.
import { describe, expect, it } from 'vitest';
import { columnNameShown } from '../../../src-renderer/components/columnNameShown';

describe('a column name on screen', () => {
  it('is one line, its line breaks and other control characters shown as the CLI shows them', () => {
    expect(columnNameShown('Employee\nID')).toBe('Employee\\nID');
    expect(columnNameShown('Employee\r\nID')).toBe('Employee\\r\\nID');
    expect(columnNameShown('Start\tdate')).toBe('Start\\tdate');
    expect(columnNameShown('email')).toBe('email');
    expect(columnNameShown('Émilie – Straße 李')).toBe('Émilie – Straße 李');
  });
});
