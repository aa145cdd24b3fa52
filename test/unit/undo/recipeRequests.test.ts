// What a recipe run sends, counted before it starts (src-shared/undo/recipeRequests.ts): each step's
// writes, and the read undo makes just before each write whose row names a target with a read
// (priorReadPath, the rule the runner sends its reads by) — none with undo off.
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { buildRequest } from '../../../src-shared/mapping/buildRequest';
import type { BuiltRequest } from '../../../src-shared/mapping/types';
import { priorReadPath } from '../../../src-shared/undo/priorReads';
import { knownToSend, readBackRequests, recipeRequests, stepRequests } from '../../../src-shared/undo/recipeRequests';

/** The request a row of `values` builds with template `id`, as the runner sends it. */
function built(id: string, values: Record<string, string>): BuiltRequest {
  const fields = Object.fromEntries(
    Object.keys(values).map((k) => [k, { kind: 'column' as const, column: k }]),
  );
  return buildRequest(getTemplate(id)!, { fields }, values).request!;
}
const pathOf = (id: string, values: Record<string, string>) =>
  priorReadPath(getTemplate(id)!, built(id, values));

/** The onboarding recipe over 1,000 rows: create, enrol (its reads), add to a group (its reads), invite. */
const onboarding = [
  { counts: { wouldSend: 1000, readsBefore: 0 } },
  { counts: { wouldSend: 1500, readsBefore: 1500 } },
  { counts: { wouldSend: 500, readsBefore: 500 } },
  { counts: { wouldSend: 1000, readsBefore: 0 } },
];

describe('recipeRequests', () => {
  it('counts each write, and a read before each write of a step that reads: undo is on by default', () => {
    expect(recipeRequests(onboarding, {})).toEqual({ writes: 4000, reads: 2000, decided: 0 });
    expect(recipeRequests(onboarding, { undo: true })).toEqual({ writes: 4000, reads: 2000, decided: 0 });
    expect(onboarding.map((st) => stepRequests(st, {}))).toEqual([
      { writes: 1000, reads: 0, decided: 0 },
      { writes: 1500, reads: 1500, decided: 0 },
      { writes: 500, reads: 500, decided: 0 },
      { writes: 1000, reads: 0, decided: 0 },
    ]);
  });

  it('undo off (--no-undo): the writes only, no read before them', () => {
    expect(recipeRequests(onboarding, { undo: false })).toEqual({ writes: 4000, reads: 0, decided: 0 });
    expect(stepRequests(onboarding[1]!, { undo: false })).toEqual({ writes: 1500, reads: 0, decided: 0 });
  });

  it('nothing to send: no request', () => {
    expect(recipeRequests([], {})).toEqual({ writes: 0, reads: 0, decided: 0 });
  });

  // A step that needs an earlier step's answer (a member id) builds its key only then: whether each of its
  // items is sent, or skipped as a repeat or as already sent, is decided as it goes. Of the writes, those
  // are said apart: the run sends the others for sure, and up to all of them.
  it('says which writes are decided when sent, apart from those known now', () => {
    const later = [
      { counts: { wouldSend: 1000, readsBefore: 0, decidedWhenSent: 0 } },
      { counts: { wouldSend: 1500, readsBefore: 1500, decidedWhenSent: 1500 } },
      { counts: { wouldSend: 500, readsBefore: 500, decidedWhenSent: 500 } },
      { counts: { wouldSend: 1000, readsBefore: 0, decidedWhenSent: 1000 } },
    ];
    expect(recipeRequests(later, {})).toEqual({ writes: 4000, reads: 2000, decided: 3000 });
    expect(stepRequests(later[1]!, {})).toEqual({ writes: 1500, reads: 1500, decided: 1500 });
    expect(knownToSend(later[0]!)).toBe(1000);
    expect(knownToSend(later[1]!)).toBe(0);
    // Counts without the field (a plan made before it was counted): every write is known.
    expect(recipeRequests(onboarding, {}).decided).toBe(0);
    expect(knownToSend(onboarding[1]!)).toBe(1500);
  });
});

describe('readBackRequests: the reads after writes', () => {
  const steps = [
    { templateId: 'coursepath.members.create', counts: { wouldSend: 1000, readsBefore: 0 } },
    { templateId: 'coursepath.courses.enrol', counts: { wouldSend: 1500, readsBefore: 1500 } },
    { templateId: 'coursepath.groups.add', counts: { wouldSend: 500, readsBefore: 500 } },
    { templateId: 'coursepath.members.invite', counts: { wouldSend: 1000, readsBefore: 0 } }, // no read-back
  ];

  it('all: one per write of a step that can be read back; off: none', () => {
    expect(readBackRequests(steps, { readBack: 'all' }, 5)).toEqual({ count: 3000, upTo: false });
    expect(readBackRequests(steps, { readBack: 'off' }, 5)).toEqual({ count: 0, upTo: false });
  });

  it('the canary (the default): up to its size, as which items it takes is known only as they leave', () => {
    expect(readBackRequests(steps, {}, 5)).toEqual({ count: 5, upTo: true });
    expect(readBackRequests(steps, { readBack: 'canary' }, 0)).toEqual({ count: 0, upTo: false });
    // A canary as large as the run: every write that can be read back is.
    expect(readBackRequests(steps, {}, 4000)).toEqual({ count: 3000, upTo: false });
  });

  it('no step that can be read back: none, whatever the mode', () => {
    expect(readBackRequests([steps[3]!], { readBack: 'all' }, 5)).toEqual({ count: 0, upTo: false });
  });
});

describe('priorReadPath: the read the runner sends before a write', () => {
  it('an enrolment, a group add and their removals read their target', () => {
    expect(pathOf('coursepath.courses.enrol', { courseId: '7', memberId: '42' })).toBe(
      '/api/v1/courses/7/members/42/coursemember',
    );
    expect(pathOf('coursepath.courses.unenrol', { courseId: '7', memberId: '42' })).toBe(
      '/api/v1/courses/7/members/42/coursemember',
    );
    expect(pathOf('coursepath.groups.add', { memberId: '42', name: 'Sales' })).toBe(
      '/api/v1/members/42/groups?limit=500',
    );
    expect(pathOf('coursepath.groups.remove', { memberId: '42', name: 'Sales' })).toBe(
      '/api/v1/members/42/groups?limit=500',
    );
  });

  it('a create or an invitation has no read; a create-or-update without an id creates its target: nothing to read', () => {
    expect(pathOf('coursepath.members.create', { email: 'a@b.test', name: 'A B' })).toBeNull();
    expect(pathOf('coursepath.members.invite', { memberId: '42' })).toBeNull();
    expect(pathOf('coursepath.members.upsert', { email: 'a@b.test', name: 'A B' })).toBeNull();
    expect(pathOf('coursepath.members.upsert', { email: 'a@b.test', memberId: '42' })).toBe(
      '/api/v1/members/42',
    );
  });
});
