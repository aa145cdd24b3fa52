// The two dates of "Progress between two dates" in order: one check shared by the CLI (its flags), the
// Reports screen (its two fields) and the contract (any caller), each naming the ends its own way.
import { describe, expect, it } from 'vitest';
import { validateInput } from '../../../src-shared/contract/validate';
import { reversedRange } from '../../../src-shared/reports/dateRange';

const DEC2 = Date.UTC(2026, 11, 2);
const DEC3 = Date.UTC(2026, 11, 3);

describe('reversedRange', () => {
  it('a first date after the second: a message naming both ends as the caller names them', () => {
    expect(
      reversedRange({ at: DEC3, label: '--from 2026-12-03' }, { at: DEC2, label: '--to 2026-12-02' }),
    ).toBe('--from 2026-12-03 is after --to 2026-12-02: put the earlier date first');
    expect(reversedRange({ at: DEC3, label: '“From” (3 Dec)' }, { at: DEC2, label: '“To” (2 Dec)' })).toMatch(
      /^“From” \(3 Dec\) is after “To” \(2 Dec\)/,
    );
  });

  it('dates in order, or the same date twice: fine', () => {
    expect(reversedRange({ at: DEC2, label: 'a' }, { at: DEC3, label: 'b' })).toBeNull();
    expect(reversedRange({ at: DEC2, label: 'a' }, { at: DEC2, label: 'b' })).toBeNull();
  });
});

describe('the contract refuses a backwards range too (reports.run and reports.export)', () => {
  it('names the field "from" and both dates', () => {
    const r = validateInput('reports.run', { name: 'progressOverTime', from: DEC3, to: DEC2 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.details?.field).toBe('from');
      expect(r.error.message).toBe(
        'reports.run: from (2026-12-03T00:00:00.000Z) is after to (2026-12-02T00:00:00.000Z): put the earlier date first',
      );
    }
    const e = validateInput('reports.export', { report: { name: 'progressOverTime', from: DEC3, to: DEC2 } });
    expect(e.ok).toBe(false);
    if (!e.ok) expect(e.error.details?.field).toBe('report.from');
    expect(validateInput('reports.run', { name: 'progressOverTime', from: DEC2, to: DEC2 }).ok).toBe(true);
  });
});
