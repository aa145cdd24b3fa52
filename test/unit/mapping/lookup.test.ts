// The `lookup` transform once main has bound it to a synced catalog: pure, like every other transform.
import { describe, expect, it } from 'vitest';
import { applyTransforms, lookupKey } from '../../../src-shared/mapping/transforms';
import type { Transform } from '../../../src-shared/mapping/types';

const lookup = (entries: Record<string, string>, ambiguous: Record<string, string[]> = {}): Transform => ({
  kind: 'lookup',
  entity: 'coursepath.course',
  from: 'title',
  connectionId: 'c',
  resolved: { entries, ambiguous, catalog: 'the Test catalog' },
});

describe('lookup transform', () => {
  it('normalises keys: case, surrounding and repeated spaces', () => {
    expect(lookupKey('  Fire   Safety AWARENESS ')).toBe('fire safety awareness');
  });

  it('turns a title into its id, after the transforms before it', () => {
    const errors: string[] = [];
    const t = [{ kind: 'split', separator: '|', index: 1 } as const, lookup({ 'fire safety': '23410' })];
    expect(applyTransforms('x| Fire  Safety ', t, (m) => errors.push(m))).toBe('23410');
    expect(errors).toEqual([]);
  });

  it('reports an unknown, an ambiguous and an unbound value; leaves an empty cell empty', () => {
    const errors: string[] = [];
    const on = (m: string) => errors.push(m);
    expect(applyTransforms('Nope', [lookup({})], on)).toBe('Nope');
    applyTransforms('Twin', [lookup({}, { twin: ['1', '2'] })], on);
    applyTransforms('Any', [{ kind: 'lookup', entity: 'coursepath.member', from: 'email', connectionId: 'c' }], on);
    expect(applyTransforms('  ', [lookup({})], on)).toBe('');
    expect(errors).toEqual([
      '"Nope" is not a course title in the Test catalog',
      '"Twin" matches 2 courses in the Test catalog (ids 1, 2); use the id instead',
      'no synced member catalog to look "Any" up in; sync the connection first (Reports → Sync now, or bulk-desk sync run)',
    ]);
  });

  it('a key named like an Object prototype property is not found by accident', () => {
    const errors: string[] = [];
    applyTransforms('constructor', [lookup({})], (m) => errors.push(m));
    expect(errors).toHaveLength(1);
  });

  it('says when the title belongs to a deleted course, and the other way round for a restore', () => {
    const errors: string[] = [];
    const on = (m: string) => errors.push(m);
    const resolved = { entries: {}, ambiguous: {}, catalog: 'the Test catalog', otherState: { 'old course': ['12'] } };
    applyTransforms('Old Course', [{ kind: 'lookup', entity: 'coassemble.course', from: 'title', connectionId: 'c', resolved }], on);
    applyTransforms('Old Course', [{ kind: 'lookup', entity: 'coassemble.course', from: 'title', connectionId: 'c', state: 'deleted', resolved }], on);
    applyTransforms('Gone', [{ kind: 'lookup', entity: 'coassemble.course', from: 'title', connectionId: 'c', state: 'deleted', resolved }], on);
    expect(errors).toEqual([
      '"Old Course" is a deleted course in the Test catalog (id 12); restore it first, or look up deleted courses',
      '"Old Course" is a course in the Test catalog (id 12) but it is not deleted; there is nothing to restore',
      '"Gone" is not a deleted course title in the Test catalog',
    ]);
  });
});


describe('a huge cell is quoted short in what the lookup and the date reading say', () => {
  it('lookup and reformatDate', async () => {
    const { reformatDate } = await import('../../../src-shared/mapping/dateFormat');
    const huge = 'A'.repeat(5 * 1024 * 1024);
    const errors: string[] = [];
    applyTransforms(huge, [lookup({})], (m) => errors.push(m));
    errors.push(reformatDate(huge, 'DD/MM/YYYY', 'YYYY-MM-DD').error ?? '');
    for (const m of errors) {
      expect(m.length).toBeLessThan(300);
      expect(m).toContain('… (5.0 MB in all)');
    }
  });
});
