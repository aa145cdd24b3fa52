// A job's stop reason after a fault (src-main/runner/faultReason.ts) says what it leaves in doubt — how
// many rows, or that none — and which answers came back but could not be saved.
import { describe, expect, it } from 'vitest';
import { faultReason } from '../../../src-main/runner/faultReason';

const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
const FILE = '/data/bulk-desk.sqlite';

describe('faultReason', () => {
  it('a full disk that left nothing in doubt says so, not "rows in flight are in doubt"', () => {
    const r = faultReason(full, { unsaved: [], inDoubt: 0, file: FILE });
    expect(r.kind).toBe('storage');
    expect(r.message).toMatch(/disk holding \/data\/bulk-desk\.sqlite is full/);
    expect(r.message).toContain('No row was left in doubt: every answer that came back was saved.');
    expect(r.message).not.toMatch(/are in doubt/);
  });

  it('counts the rows in doubt, in the singular for one', () => {
    expect(faultReason(full, { unsaved: [], inDoubt: 1, file: FILE }).message).toContain(
      '1 row that was in flight is in doubt: look at it before sending it again.',
    );
    expect(faultReason(full, { unsaved: [], inDoubt: 7, file: FILE }).message).toContain(
      '7 rows that were in flight are in doubt: look at them before sending them again.',
    );
  });

  it('a bug: kind internal, with the rows whose answers were not saved (ten named, then how many more)', () => {
    const unsaved = Array.from({ length: 12 }, (_, i) => ({
      rowNumber: i + 1,
      status: i === 0 ? null : 201,
    }));
    const r = faultReason(new Error('boom'), { unsaved, inDoubt: 12, file: FILE });
    expect(r.kind).toBe('internal');
    expect(r.message).toContain('Stopped by an internal error: boom.');
    expect(r.message).toContain('Answers came back for rows 1, 2 (HTTP 201), 3 (HTTP 201)');
    expect(r.message).toContain('10 (HTTP 201) and 2 more but could not be saved.');
    expect(r.message).toContain('12 rows that were in flight are in doubt');
  });
});
