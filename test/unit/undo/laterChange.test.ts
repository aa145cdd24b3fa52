// What counts as a later change when undoing (src-shared/undo/laterChange.ts, declared per inverse in
// inverses.ts): a field the job wrote whose value in the LMS now is none of what it wrote; what the LMS
// tidies on saving (spaces, an email's case) is not a change; several rows on one target each count;
// Coassemble metadata compared as JSON; an enrolment holding the learner's work.
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { buildRequest } from '../../../src-shared/mapping/buildRequest';
import type { BuiltRequest, Mapping } from '../../../src-shared/mapping/types';
import { INVERSES } from '../../../src-shared/undo/inverses';
import { learningHeld } from '../../../src-shared/undo/laterChange';

function sent(id: string, values: Record<string, string>, keyValue?: Record<string, string>): BuiltRequest {
  const fields: Mapping['fields'] = Object.fromEntries(
    Object.keys(values).map((k) => [k, { kind: 'column', column: k }]),
  );
  if (keyValue)
    fields.metadata = {
      kind: 'keyValue',
      entries: Object.keys(keyValue).map((k) => ({ key: k, column: `m.${k}` })),
    };
  const row = {
    ...values,
    ...Object.fromEntries(Object.entries(keyValue ?? {}).map(([k, v]) => [`m.${k}`, v])),
  };
  const b = buildRequest(getTemplate(id)!, { fields }, row);
  if (!b.request) throw new Error(JSON.stringify(b.issues));
  return b.request;
}

const later = (id: string, writes: BuiltRequest[], now: unknown) =>
  INVERSES[id]!.laterChange!({
    template: getTemplate(id)!,
    writes,
    now: typeof now === 'string' ? now : JSON.stringify(now),
  });

describe('a later change, for undo', () => {
  const UPDATE = 'coursepath.members.update';

  it('a member field the job wrote, holding something else now, is a change; the fields it did not write are not looked at', () => {
    const w = sent(UPDATE, { memberId: '5', company: 'Job Co', department: 'Ops' });
    expect(later(UPDATE, [w], { id: 5, company: 'Job Co', department: 'Ops', country: 'NL' })).toBeNull();
    expect(later(UPDATE, [w], { id: 5, company: 'Later Co', department: 'Sales', country: 'NL' })).toEqual({
      what: `the member's company is "Later Co" in the LMS now; this job wrote "Job Co", department is "Sales" in the LMS now; this job wrote "Ops"`,
      loses: 'overwrite that change',
    });
    // A field the answer does not carry: not known, said so (not "(empty)").
    expect(later(UPDATE, [w], { id: 5, department: 'Ops' })?.what).toBe(
      `the member's company is not in what the LMS answered, so whether it changed since is not known`,
    );
    // Emptied since: said as empty.
    expect(later(UPDATE, [w], { id: 5, company: null, department: 'Ops' })?.what).toBe(
      `the member's company is (empty) in the LMS now; this job wrote "Job Co"`,
    );
  });

  it('what the LMS tidies on saving is not a change: spaces around a value, the case of an email or a country code', () => {
    const w = sent(UPDATE, { memberId: '5', email: 'Ann@Example.com', country: 'nl', company: 'Job Co ' });
    expect(later(UPDATE, [w], { email: 'ann@example.com', country: 'NL', company: ' Job Co' })).toBeNull();
    // Spaces inside a value run together by the LMS: not a change either.
    expect(later(UPDATE, [sent(UPDATE, { memberId: '5', company: 'Job  Co' })], { company: 'Job Co' })).toBeNull();
    // Case is a change where it means something.
    expect(
      later(UPDATE, [w], { email: 'ann@example.com', country: 'NL', company: 'JOB CO' })?.what,
    ).toContain('company is "JOB CO"');
  });

  it('rows repeating one target (duplicates allowed): any value the job wrote is its own, since which landed last is not known', () => {
    const a = sent(UPDATE, { memberId: '5', company: 'One Co' });
    const b = sent(UPDATE, { memberId: '5', company: 'Two Co' });
    expect(later(UPDATE, [a, b], { company: 'One Co' })).toBeNull();
    expect(later(UPDATE, [a, b], { company: 'Two Co' })).toBeNull();
    expect(later(UPDATE, [a, b], { company: 'Three Co' })?.what).toBe(
      `the member's company is "Three Co" in the LMS now; this job wrote "One Co" or "Two Co"`,
    );
  });

  it("a create-or-update (a plan's run) is judged as an update", () => {
    const w = sent('coursepath.members.upsert', { memberId: '5', email: 'a@b.co', company: 'Job Co' });
    expect(later('coursepath.members.upsert', [w], { email: 'a@b.co', company: 'Later Co' })?.what).toContain(
      'company is "Later Co"',
    );
  });

  it('a member read that is not a JSON object: not known, so not overwritten', () => {
    const w = sent(UPDATE, { memberId: '5', company: 'Job Co' });
    expect(later(UPDATE, [w], '[]')?.what).toBe(
      'the member as read just now is not a JSON object, so whether it changed since this job is not known',
    );
  });

  it('Coassemble metadata is compared as JSON (key order and spacing aside); the name as text', () => {
    const U = 'coassemble.users.upsert';
    const w = sent(U, { identifier: 'u1', name: 'Ann' }, { team: 'red', level: '2' });
    expect(
      later(U, [w], '{"identifier":"u1","name":"Ann","metadata":{ "level":"2", "team":"red" }}'),
    ).toBeNull();
    expect(
      later(U, [w], { identifier: 'u1', name: 'Ann', metadata: { team: 'blue', level: '2' } })?.what,
    ).toBe(`the user's metadata is "{"team":"blue","level":"2"}" in the LMS now, not what this job wrote`);
    expect(
      later(U, [w], { identifier: 'u1', name: 'Ann B', metadata: { team: 'red', level: '2' } })?.what,
    ).toBe(`the user's name is "Ann B" in the LMS now; this job wrote "Ann"`);
  });

  it('an enrolment the learner has started since: removing it would delete their results', () => {
    const E = 'coursepath.courses.enrol';
    const w = sent(E, { courseId: '3', memberId: '5' });
    expect(later(E, [w], { status: 'not_started', progress: 0, score: null, certificate: null })).toBeNull();
    expect(later(E, [w], { status: 'in_progress', progress: 40, score: null, certificate: null })).toEqual({
      what: 'the member has learning results in the course since this job enrolled them (status in_progress, progress 40)',
      loses: 'delete those results (Coursepath deletes them with the enrolment, and nothing puts them back)',
    });
  });

  it('learning in a course result: what Coursepath documents (score, success, a completed date, a certificate) and what may be there', () => {
    expect(learningHeld(JSON.stringify({ status: 'not_started', progress: 0, score: null, success: null, certificate: null }))).toBeNull();
    // Status words saying nothing has begun, in whatever form the LMS writes them, are not learning.
    for (const status of ['Not started', 'enrolled', 'ASSIGNED', 'new', ''])
      expect(learningHeld(JSON.stringify({ status })), status).toBeNull();
    expect(learningHeld(JSON.stringify({ status: 'completed', completed: '2026-11-30', success: true, score: 82 }))).toBe(
      'status completed, score 82, passed',
    );
    expect(learningHeld(JSON.stringify({ completedAt: '2026-11-30', success: false }))).toBe('completed, not passed');
    expect(learningHeld(JSON.stringify({ started: '2026-11-29', progress: '35' }))).toBe('progress 35, started');
    expect(learningHeld(JSON.stringify({ certificate: 'https://academy.example.com/c/1.pdf' }))).toBe('a certificate');
    expect(learningHeld(JSON.stringify({ status: 'in_progress' }))).toBe('status in_progress');
  });

  it('an undo that cannot overwrite anything later declares no check', () => {
    for (const id of ['coursepath.groups.add', 'coassemble.courses.delete', 'coursepath.courses.unenrol'])
      expect(INVERSES[id]!.laterChange, id).toBeUndefined();
  });
});
