// Run's "Requests per second" above the API's documented window: the runner keeps to the window, so the
// screen says so beside the field (rateAboveLimit.ts) — in the unit both rates read in.
import { describe, expect, it } from 'vitest';
import { rateAboveLimitText } from '../../../src-shared/runner/rateAboveLimit';
import { throttleSettings } from '../../../src-shared/runner/throttleDefaults';

const COASSEMBLE = { requests: 100, windowMs: 60_000 };

describe('rateAboveLimitText', () => {
  it('names the connection, its window and the pace it keeps, against the rate typed', () => {
    expect(rateAboveLimitText(60, COASSEMBLE, 'Acme · Coassemble')).toBe(
      'Above Acme · Coassemble’s limit of 100 requests per rolling minute: this job sends at most 1.7/s, not 60/s.',
    );
  });

  it('says both in one unit when the window allows under one a second', () => {
    expect(rateAboveLimitText(2, { requests: 30, windowMs: 60_000 }, 'Slow')).toBe(
      'Above Slow’s limit of 30 requests per rolling minute: this job sends at most 30/min, not 120/min.',
    );
  });

  it('says nothing within the window, at it, with no rate typed, or with no window', () => {
    expect(rateAboveLimitText(1, COASSEMBLE, 'A')).toBeNull();
    expect(rateAboveLimitText(100 / 60, COASSEMBLE, 'A')).toBeNull();
    expect(rateAboveLimitText(null, COASSEMBLE, 'A')).toBeNull();
    expect(rateAboveLimitText(60, null, 'A')).toBeNull();
  });

  it('says what the runner does: the job keeps to the window whatever is typed', () => {
    const s = throttleSettings('coassemble', { ratePerSecond: 60 });
    expect(s.ratePerSecond).toBeCloseTo(100 / 60);
    expect(rateAboveLimitText(60, s.rateLimit, 'A')).toContain(`at most 1.7/s`);
  });
});
