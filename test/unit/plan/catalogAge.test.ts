import { describe, expect, it } from 'vitest';
import { ageText, tooOldText } from '../../../src-shared/plan/catalogAge';

describe('a synced catalog too old, in words', () => {
  it('says an age just over the limit so that it reads older', () => {
    expect(tooOldText(61_000, 60_000)).toEqual({ age: '61 seconds', allowed: '60 seconds' });
    expect(tooOldText(60_400, 60_000)).toEqual({ age: '60.4 seconds', allowed: '60.0 seconds' });
    expect(tooOldText(25 * 3_600_000, 24 * 3_600_000)).toEqual({ age: '25 hours', allowed: '24 hours' });
    expect(tooOldText(11 * 60_000, 60_000)).toEqual({ age: '11 minutes', allowed: '60 seconds' });
  });

  it('uses seconds under ten minutes, then minutes, hours and days', () => {
    expect(ageText(1)).toBe('1 millisecond');
    expect(ageText(9 * 60_000 + 59_999)).toBe('599 seconds');
    expect(ageText(10 * 60_000)).toBe('10 minutes');
    expect(ageText(3_600_000)).toBe('1 hour');
    expect(ageText(3 * 86_400_000)).toBe('3 days');
  });
});
