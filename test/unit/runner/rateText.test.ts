// The Run screen's "Requests per second" as typed: read as the number meant, or refused saying why — never
// turned into "no limit" (parseFloat read "0,5" as 0, which the form took as empty: full speed).
import { describe, expect, it } from 'vitest';
import { readRateText } from '../../../src-shared/runner/rateText';

describe('readRateText', () => {
  it('empty is the default (null)', () => {
    expect(readRateText('')).toEqual({ ok: true, value: null });
    expect(readRateText('   ')).toEqual({ ok: true, value: null });
  });

  it('reads a decimal point or a decimal comma', () => {
    expect(readRateText('2')).toEqual({ ok: true, value: 2 });
    expect(readRateText(' 0.5 ')).toEqual({ ok: true, value: 0.5 });
    expect(readRateText('0,5')).toEqual({ ok: true, value: 0.5 });
    expect(readRateText(',25')).toEqual({ ok: true, value: 0.25 });
    expect(readRateText('1.5/s')).toEqual({ ok: true, value: 1.5 });
  });

  it('refuses what is not a rate, naming the text, instead of sending at no limit', () => {
    for (const text of ['abc', '2,5,1', '1e3', '-1', '2 3', '½', '1.2.3']) {
      const r = readRateText(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.message).toContain(`“${text.trim()}”`);
    }
  });

  it('refuses 0: it would send nothing (pausing is the way to stop)', () => {
    const r = readRateText('0');
    expect(r).toEqual({ ok: false, message: expect.stringContaining('0 requests per second would send nothing') });
    expect(readRateText('0,0').ok).toBe(false);
  });
});
