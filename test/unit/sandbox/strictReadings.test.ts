// The sandbox's two options for readings no public source settles (evidence.md, Unknown): `strictRepeats`
// (a repeated delete or add is refused) and `countRefused` (a 429 uses up budget). Both default to the
// kind reading, so existing tests and demos are unchanged; each option must change exactly its reading.
// Pure: the route handlers are called through the sandbox's router on seeded state, no server.
import { describe, expect, it } from 'vitest';
import { optionsFromArgs, USAGE } from '../../../src-main/sandbox/cliOptions';
import { resolveOptions } from '../../../src-main/sandbox/options';
import { RollingWindowLimiter } from '../../../src-main/sandbox/rateLimit';
import { Router, type Body, type Ctx } from '../../../src-main/sandbox/router';
import { coassembleRoutes } from '../../../src-main/sandbox/routes/coassembleRoutes';
import { coursepathRoutes } from '../../../src-main/sandbox/routes/coursepathRoutes';
import { seedState } from '../../../src-main/sandbox/state/seedData';
import type { SandboxState } from '../../../src-main/sandbox/state/types';
import type { SandboxOptions } from '../../../src-main/sandbox/types';

const caRouter = new Router(coassembleRoutes);
const cpRouter = new Router(coursepathRoutes);

/** One call of a route handler, as the server makes it after auth (admin actor for Coursepath). */
function call(
  state: SandboxState,
  opts: SandboxOptions,
  api: 'ca' | 'cp',
  method: string,
  path: string,
  form?: Record<string, string>,
): { status: number; body: unknown } {
  const m = (api === 'ca' ? caRouter : cpRouter).match(method, path.split('/').filter(Boolean));
  if (!m) throw new Error(`no route ${method} ${path}`);
  const admin = [...state.coursepath.members.values()].find((x) => x.role === 'admin')!;
  const body: Body = form ?? null;
  const ctx: Ctx = {
    state,
    opts: resolveOptions(opts),
    baseUrl: 'http://127.0.0.1:1',
    params: m.params,
    query: new URLSearchParams(),
    body,
    bodyType: form ? 'form' : 'none',
    now: Date.parse('2026-12-01T10:00:00Z'),
    actor: api === 'cp' ? admin : null,
    note: {},
    embedSecret: 'x',
  };
  const r = m.route.handler(ctx);
  return { status: r.status, body: r.json };
}

/** Seeded state with a live course, a draft course, a learner, a course and a program to add them to. */
function world() {
  const state = seedState(7, 'admin@sandbox.test');
  const course = [...state.coassemble.courses.values()].find((c) => c.deleted === null)!;
  const draft = [...state.coassemble.courses.values()].find(
    (c) => c.deleted === null && c.published === null,
  )!;
  const learner = [...state.coursepath.members.values()].find((m) => m.role !== 'admin')!;
  const cpCourse = [...state.coursepath.courses.values()].find(
    (c) => !state.coursepath.courseMembers.has(`${c.id}:${learner.id}`),
  )!;
  const program = [...state.coursepath.programs.values()].find(
    (p) => !state.coursepath.programMembers.has(`${p.id}:${learner.id}`),
  )!;
  return { state, course, draft, learner, cpCourse, program };
}

/** Each repeated write, done twice: the statuses of the first and the second. */
function repeats(opts: SandboxOptions) {
  const { state, course, draft, learner, cpCourse, program } = world();
  const twice = (api: 'ca' | 'cp', method: string, path: string, form?: Record<string, string>) => [
    call(state, opts, api, method, path, form),
    call(state, opts, api, method, path, form),
  ];
  return {
    courseDelete: twice('ca', 'DELETE', `/course/${course.id}`),
    coursePublish: twice('ca', 'POST', `/course/${draft.id}/publish`),
    enrol: twice('cp', 'POST', `/courses/${cpCourse.id}/members/${learner.id}/coursemember`),
    programAdd: twice('cp', 'POST', `/programs/${program.id}/members/${learner.id}/programmember`),
    groupAdd: twice('cp', 'POST', `/members/${learner.id}/groups`, { name: 'Night shift' }),
  };
}

describe('strictRepeats', () => {
  it('off (the default): every repeat answers 200, as the first did', () => {
    const r = repeats({});
    expect(r.courseDelete.map((x) => x.status)).toEqual([200, 200]);
    expect(r.coursePublish.map((x) => x.status)).toEqual([200, 200]);
    expect(r.enrol.map((x) => x.status)).toEqual([201, 200]);
    expect(r.programAdd.map((x) => x.status)).toEqual([201, 200]);
    expect(r.groupAdd.map((x) => x.status)).toEqual([201, 200]);
  });

  it("on: a second course delete answers 404 and a second publish 400 in Coassemble's envelope; a second add answers 409", () => {
    const r = repeats({ strictRepeats: true });
    expect(r.courseDelete.map((x) => x.status)).toEqual([200, 404]);
    expect(r.courseDelete[1]!.body).toEqual({
      message: 'Course not found',
      error: { code: 'NOT_FOUND', status: 404 },
    });
    expect(r.coursePublish.map((x) => x.status)).toEqual([200, 400]);
    expect(r.coursePublish[1]!.body).toMatchObject({ message: 'Course has no changes to publish' });
    expect(r.enrol.map((x) => x.status)).toEqual([201, 409]);
    expect(r.enrol[1]!.body).toEqual({
      error: 'already_enrolled',
      message: 'Member is already enrolled in this course',
    });
    expect(r.programAdd.map((x) => x.status)).toEqual([201, 409]);
    expect(r.programAdd[1]!.body).toMatchObject({ error: 'already_in_program' });
    expect(r.groupAdd.map((x) => x.status)).toEqual([201, 409]);
    expect(r.groupAdd[1]!.body).toEqual({
      error: 'already_in_group',
      message: 'Member is already in group Night shift',
    });
  });

  it('on: the refused repeat changes nothing (the course stays deleted at its first time, one revision, one enrolment)', () => {
    const { state, course, draft, learner, cpCourse } = world();
    const o = { strictRepeats: true };
    call(state, o, 'ca', 'DELETE', `/course/${course.id}`);
    const deletedAt = state.coassemble.courses.get(course.id)!.deleted;
    call(state, o, 'ca', 'DELETE', `/course/${course.id}`);
    expect(state.coassemble.courses.get(course.id)!.deleted).toBe(deletedAt);
    call(state, o, 'ca', 'POST', `/course/${draft.id}/publish`);
    const published = structuredClone(state.coassemble.courses.get(draft.id));
    call(state, o, 'ca', 'POST', `/course/${draft.id}/publish`);
    expect(state.coassemble.courses.get(draft.id)).toEqual(published);
    const path = `/courses/${cpCourse.id}/members/${learner.id}/coursemember`;
    call(state, o, 'cp', 'POST', path);
    const before = structuredClone(state.coursepath.courseMembers.get(`${cpCourse.id}:${learner.id}`));
    call(state, o, 'cp', 'POST', path);
    expect(state.coursepath.courseMembers.get(`${cpCourse.id}:${learner.id}`)).toEqual(before);
  });

  it('leaves the repeats that already answer "not found" as they were (a second unenrol is 404 either way)', () => {
    for (const strictRepeats of [false, true]) {
      const { state, learner, cpCourse } = world();
      const path = `/courses/${cpCourse.id}/members/${learner.id}/coursemember`;
      call(state, { strictRepeats }, 'cp', 'POST', path);
      expect(call(state, { strictRepeats }, 'cp', 'DELETE', path).status).toBe(200);
      expect(call(state, { strictRepeats }, 'cp', 'DELETE', path).status).toBe(404);
    }
  });
});

describe('countRefused (RollingWindowLimiter)', () => {
  const LIMIT = { requests: 3, windowMs: 10_000 };

  it('off (the default): a refusal uses no budget; the next slot frees when the oldest accepted ages out', () => {
    const l = new RollingWindowLimiter(LIMIT);
    for (const t of [0, 1000, 2000]) expect(l.take('ip', t)).toEqual({ ok: true });
    for (let t = 3000; t < 9000; t += 500) expect(l.take('ip', t).ok).toBe(false); // hammering
    expect(l.take('ip', 9000)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(l.take('ip', 10_001)).toEqual({ ok: true }); // the request at 0 aged out
  });

  it('on: every refusal is counted, so a client that keeps sending stays refused until it stops', () => {
    const l = new RollingWindowLimiter(LIMIT, true);
    for (const t of [0, 1000, 2000]) expect(l.take('ip', t)).toEqual({ ok: true });
    for (let t = 3000; t < 9000; t += 500) expect(l.take('ip', t).ok).toBe(false);
    // At 10 001 the request at 0 has aged out, but 12 refusals (3 000 … 8 500) still fill the window.
    const refused = l.take('ip', 10_001);
    expect(refused.ok).toBe(false);
    // Retry-After names when the window holds fewer than 3 again: when all but the last two of its 15
    // entries (this refusal included) have aged out — the refusal at 8 000, at 18 000 — not the oldest.
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 8 });
    expect(l.take('ip', 10_001 + 7000).ok).toBe(false);
    expect(l.take('ip', 10_001 + 8000).ok).toBe(false); // the early retry at 17 001 counts in turn
    const patient = new RollingWindowLimiter(LIMIT, true);
    for (const t of [0, 1000, 2000]) patient.take('ip', t);
    for (let t = 3000; t < 9000; t += 500) patient.take('ip', t);
    patient.take('ip', 10_001);
    expect(patient.take('ip', 10_001 + 8000).ok).toBe(true); // waited as told: let in
  });

  it('on: a client that honours Retry-After loses only the one refused request from its budget', () => {
    const l = new RollingWindowLimiter(LIMIT, true);
    for (const t of [0, 1, 2]) expect(l.take('ip', t).ok).toBe(true);
    expect(l.take('ip', 5000)).toEqual({ ok: false, retryAfterSeconds: 6 }); // when the request at 1 ages out
    const back = 5000 + 6000;
    // Waiting as told, the three accepted requests have aged out; the refusal at 5 000 still counts.
    expect(l.take('ip', back).ok).toBe(true);
    expect(l.take('ip', back).ok).toBe(true);
    expect(l.take('ip', back).ok).toBe(false);
    const kind = new RollingWindowLimiter(LIMIT);
    for (const t of [0, 1, 2, 5000]) kind.take('ip', t);
    for (let i = 0; i < 3; i++) expect(kind.take('ip', back).ok).toBe(true); // the default: all three back
  });

  it('keeps windows per client IP either way', () => {
    const l = new RollingWindowLimiter({ requests: 1, windowMs: 1000 }, true);
    expect(l.take('a', 0).ok).toBe(true);
    expect(l.take('a', 1).ok).toBe(false);
    expect(l.take('b', 2).ok).toBe(true);
  });
});

describe('options and flags', () => {
  it('both readings default to the kind one', () => {
    expect(resolveOptions({})).toMatchObject({ strictRepeats: false, countRefused: false });
    expect(optionsFromArgs([]).opts).not.toHaveProperty('strictRepeats');
    expect(optionsFromArgs([]).opts).not.toHaveProperty('countRefused');
  });

  it('--strict-repeats and --count-refused set them, each on its own', () => {
    expect(optionsFromArgs(['--strict-repeats']).opts).toMatchObject({ strictRepeats: true });
    expect(optionsFromArgs(['--strict-repeats']).opts).not.toHaveProperty('countRefused');
    expect(optionsFromArgs(['--count-refused']).opts).toMatchObject({ countRefused: true });
    expect(optionsFromArgs(['--count-refused']).opts).not.toHaveProperty('strictRepeats');
    expect(resolveOptions(optionsFromArgs(['--strict-repeats', '--count-refused']).opts)).toMatchObject({
      strictRepeats: true,
      countRefused: true,
    });
    expect(() => optionsFromArgs(['--strict-repeats=yes'])).toThrow();
  });

  it('--help names both flags and what they change', () => {
    expect(USAGE).toMatch(
      /--strict-repeats\s+a repeated write is refused: a second course delete answers 404/,
    );
    expect(USAGE).toMatch(/enrolment, program add or group add 409/);
    expect(USAGE).toMatch(/--count-refused\s+a request refused with 429 still uses up the rate budget/);
  });
});
