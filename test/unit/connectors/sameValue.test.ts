// One rule for "the LMS holds the same value": the read-back after a write, the plan's field diff, the
// plan's drift check before its run and undo's later-change check compared values each in their own way —
// only the last read "Ana  Lima" tidied by the LMS to "Ana Lima" as the same name, so the read-back
// reported a write that had landed as a mismatch, and a plan showed it as an update on every run.
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { readBackFor } from '../../../src-shared/connectors/readBacks';
import { sameValue } from '../../../src-shared/connectors/sameValue';
import type { BuiltRequest } from '../../../src-shared/mapping/types';
import { fieldDiff } from '../../../src-shared/plan/fieldDiff';
import { driftSincePlan } from '../../../src-shared/plan/planDrift';

describe('sameValue', () => {
  it('trims, reads runs of white space as one, and ignores case only where asked', () => {
    expect(sameValue(' Ana  Lima ', 'Ana Lima')).toBe(true);
    expect(sameValue('Ana\tLima', 'Ana Lima')).toBe(true);
    expect(sameValue('Ana Lima', 'ana lima')).toBe(false);
    expect(sameValue('Ana@X.test', 'ana@x.test', true)).toBe(true);
    expect(sameValue('AnaLima', 'Ana Lima')).toBe(false);
    expect(sameValue('', ' ')).toBe(true);
  });

  it('the read-back of a member update: a name the LMS tidied is what was sent', () => {
    const spec = readBackFor('coursepath.members.update')!;
    const built: BuiltRequest = {
      method: 'POST',
      pathAndQuery: '/api/v1/members/17',
      headers: {},
      body: 'name=Ana++Lima&company=Acme',
    };
    const w = { template: getTemplate('coursepath.members.update')!, built, responseBody: '' };
    expect(spec.compare(w, 200, JSON.stringify({ id: 17, name: 'Ana Lima', company: 'Acme' })).kind).toBe('match');
    expect(spec.compare(w, 200, JSON.stringify({ id: 17, name: 'Ana Lim', company: 'Acme' })).kind).toBe('mismatch');
  });

  it('a group the member was added to reads as there whatever its case and spacing, as its row key compares', () => {
    const built: BuiltRequest = { method: 'POST', pathAndQuery: '/api/v1/members/5/groups', headers: {}, body: 'name=Sales++Team' };
    const w = { template: getTemplate('coursepath.groups.add')!, built, responseBody: '' };
    const spec = readBackFor('coursepath.groups.add')!;
    expect(spec.compare(w, 200, JSON.stringify([{ name: 'sales team' }])).kind).toBe('match');
    expect(spec.compare(w, 200, JSON.stringify([{ name: 'sales' }])).kind).toBe('mismatch');
  });

  it("a plan's diff and its drift check read a tidied value as unchanged", () => {
    const sent = new Map([['name', 'Ana  Lima']]);
    expect(fieldDiff(sent, { name: 'Ana Lima' })).toEqual([]);
    expect(fieldDiff(sent, { name: 'Ana Lim' })).toHaveLength(1);
    expect(driftSincePlan({ name: 'Ana Lima' }, { name: 'Ana  Lima' }, ['name'])).toBeNull();
    expect(driftSincePlan({ email: 'a@x.test' }, { email: 'A@X.test' }, ['email'], { email: { caseless: true } })).toBeNull();
    expect(driftSincePlan({ name: 'Ana Lima' }, { name: 'Ana Lim' }, ['name'])).not.toBeNull();
  });
});
