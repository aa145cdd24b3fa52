import { describe, expect, it } from 'vitest';
import { RowClassifier, type PriorSend } from '../../../src-shared/safety/rowVerdicts';

const valid = (rowNumber: number, key: string) => ({ rowNumber, valid: true, problem: null, key });

describe('row verdicts', () => {
  const sent: Record<string, PriorSend> = {
    'email=old@example.com': { jobId: 'abcdef12-3456', fileName: 'hr.csv', at: Date.UTC(2026, 11, 2) },
  };
  const prior = (k: string) => sent[k] ?? null;

  it('sends the first row of a key, skips its repeats and what was sent before, and says why', () => {
    const c = new RowClassifier(prior);
    expect(c.classify(valid(2, 'email=a@example.com')).verdict).toBe('send');
    const dup = c.classify(valid(3, 'email=a@example.com'));
    expect(dup).toMatchObject({ verdict: 'duplicate', firstRow: 2 });
    expect(dup.note).toBe('Not sent: row 2 has the same email=a@example.com, and only the first is sent.');
    const old = c.classify(valid(4, 'email=old@example.com'));
    expect(old).toMatchObject({ verdict: 'alreadySent', prior: sent['email=old@example.com'] });
    expect(old.note).toBe('Not sent: email=old@example.com was already sent by job abcdef12 (hr.csv) on 2 Dec 2026.');
    const bad = c.classify({ rowNumber: 5, valid: false, problem: 'Row 5: email: required', key: null });
    expect(bad).toMatchObject({ verdict: 'invalid', note: 'Row 5: email: required' });
  });

  it('names a long key by its start and size in its notes, never whole', () => {
    const key = `email=${'a'.repeat(5 * 1024 * 1024)}@example.com`;
    const shown = `email=${'a'.repeat(74)}… (5.0 MB in all)`;
    const c = new RowClassifier((k) => (k === key ? sent['email=old@example.com']! : null));
    expect(c.classify(valid(2, key)).note).toBe(`Not sent: ${shown} was already sent by job abcdef12 (hr.csv) on 2 Dec 2026.`);
    const d = new RowClassifier(() => null);
    d.classify(valid(2, key));
    expect(d.classify(valid(3, key)).note).toBe(`Not sent: row 2 has the same ${shown}, and only the first is sent.`);
  });

  // The same name typed on a Mac (é as e + U+0301, NFD) and on Windows (é, NFC) reads the same: two rows of one
  // file whose keys differ only so are one key, kept and looked up composed (rowKeys.ts composedKey) — as every
  // key is stored (migration 0030 composed those stored before), so a past send is found in either form.
  it('keys that differ only in Unicode composition (NFC/NFD) are the same key, in the file and against past sends', () => {
    const composed = 'email=jos\u00e9@example.com';
    const decomposed = 'email=jose\u0301@example.com';
    const c = new RowClassifier(prior);
    expect(c.classify(valid(2, composed)).verdict).toBe('send');
    expect(c.classify(valid(3, decomposed))).toMatchObject({ verdict: 'duplicate', firstRow: 2, key: composed });
    const pastSend = sent['email=old@example.com']!;
    const asked: string[] = [];
    const lookup = (k: string) => (asked.push(k), k === composed ? pastSend : null);
    for (const now of [composed, decomposed])
      expect(new RowClassifier(lookup).classify(valid(2, now)), now).toMatchObject({
        verdict: 'alreadySent',
        prior: pastSend,
        key: composed,
      });
    expect(asked).toEqual([composed, composed]);
  });

  it('an invalid first row does not make a later valid row with its key a duplicate', () => {
    const c = new RowClassifier(prior);
    c.classify({ rowNumber: 2, valid: false, problem: 'x', key: null });
    expect(c.classify(valid(3, 'email=b@example.com')).verdict).toBe('send');
  });

  it('sends repeats and earlier sends when the admin chooses so', () => {
    const c = new RowClassifier(prior, { allowDuplicates: true, resend: true });
    c.classify(valid(2, 'email=a@example.com'));
    expect(c.classify(valid(3, 'email=a@example.com')).verdict).toBe('send');
    expect(c.classify(valid(4, 'email=old@example.com')).verdict).toBe('send');
  });
});
