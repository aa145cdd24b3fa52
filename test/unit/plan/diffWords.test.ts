// A field the LMS's record does not carry (a synced catalog that does not keep first and last names, an
// answer that leaves a field out) is not known: it still counts as different, but reads as not known,
// never as "(none)" — which says the LMS holds no value.
import { describe, expect, it } from 'vitest';
import { diffText, oldWords } from '../../../src-shared/plan/diffWords';
import { fieldDiff } from '../../../src-shared/plan/fieldDiff';

const SYNC = { kind: 'sync', syncedAt: 0 } as const;
const LIVE = { kind: 'live' } as const;

describe('a field the record does not carry', () => {
  it('is different, and marked not known (an empty one is not)', () => {
    const sent = new Map([
      ['firstname', 'First4'],
      ['company', 'Umbrella'],
    ]);
    expect(fieldDiff(sent, { email: 'a@x.test', company: '' })).toEqual([
      { field: 'firstname', old: null, new: 'First4', unknown: true },
      { field: 'company', old: null, new: 'Umbrella' },
    ]);
  });

  it('reads as not in the synced catalog (or the answer), never "(none)"', () => {
    const diff = [
      { field: 'firstname', old: null, new: 'First4', unknown: true as const },
      { field: 'company', old: null, new: 'Umbrella' },
      { field: 'metadata.x', old: '1', new: null },
    ];
    expect(oldWords(diff[0]!, SYNC)).toBe('(not in the synced catalog)');
    expect(oldWords(diff[0]!, LIVE)).toBe("(not in the LMS's answer)");
    expect(diffText(diff, SYNC)).toBe(
      'firstname: (not in the synced catalog) → First4; company: (none) → Umbrella; metadata.x: 1 → (removed)',
    );
  });
});
