import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { arr, call, cp, cpToken, obj } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 71 });
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

const members = async (q = '') => arr((await cp(sb, 'GET', `/members${q}`)).json);
const courses = async () => arr((await cp(sb, 'GET', '/courses')).json);
const asMember = (email: string, method: string, path: string, o = {}) =>
  call(sb, method, `/api/v1${path}`, { auth: cpToken(sb, { email }), ...o });
const learner = async () => (await members()).find((m) => m.role === 'learner')!;
async function enrolledPair(): Promise<{ courseId: number; memberId: number }> {
  for (const c of await courses()) {
    const ms = arr((await cp(sb, 'GET', `/courses/${c.id as number}/members`)).json);
    if (ms.length) return { courseId: c.id as number, memberId: ms[0]!.id as number };
  }
  throw new Error('no enrolments in demo data');
}

describe('coursepath §7 courses and members', () => {
  it('coursepath §7 row 2: GET /courses is a bare array of courses with numeric ids', async () => {
    const list = await courses();
    expect(list.length).toBe(8);
    expect(list.every((c) => typeof c.id === 'number' && typeof c.name === 'string')).toBe(true);
  });

  it('coursepath §7 row 1: GET /courses/{courseId}; unknown id → 404 (emulator-defined body)', async () => {
    const [c] = await courses();
    expect(obj((await cp(sb, 'GET', `/courses/${c!.id as number}`)).json).id).toBe(c!.id);
    const r = await cp(sb, 'GET', '/courses/1');
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ error: 'not_found', message: 'Course not found' });
  });

  it('coursepath §7 row 4: GET /members/me is the member named in the JWT email', async () => {
    const l = await learner();
    const r = await asMember(l.email as string, 'GET', '/members/me');
    expect(obj(r.json)).toMatchObject({ id: l.id, email: l.email });
  });

  it('coursepath §7 rows 5–6: GET /members and /members/{memberId}; unknown → 404', async () => {
    const list = await members();
    expect(list.length).toBe(41);
    const m = list[3]!;
    expect(obj((await cp(sb, 'GET', `/members/${m.id as number}`)).json)).toMatchObject({ id: m.id, email: m.email });
    expect((await cp(sb, 'GET', '/members/42')).status).toBe(404);
  });

  it('coursepath §8.1: member lists filter by email, company, department, country, externalId', async () => {
    const l = await learner();
    expect((await members(`?email=${encodeURIComponent(l.email as string)}`)).map((m) => m.id)).toEqual([l.id]);
    const byCountry = await members(`?country=${l.country as string}`);
    expect(byCountry.length).toBeGreaterThan(0);
    expect(byCountry.every((m) => m.country === l.country)).toBe(true);
    const combined = await members(`?company=${encodeURIComponent(l.company as string)}&department=${l.department as string}`);
    expect(combined.every((m) => m.company === l.company && m.department === l.department)).toBe(true);
    expect((await members(`?externalId=${l.externalId as string}`)).map((m) => m.id)).toContain(l.id);
    expect(await members('?email=nobody@example.com')).toEqual([]);
  });

  it('coursepath §7 row 9/§8.5: POST /members/{memberId} updates only the parameters sent', async () => {
    const l = await learner();
    const r = await cp(sb, 'POST', `/members/${l.id as number}`, { form: { department: 'Legal' } });
    expect(r.status).toBe(200);
    expect(obj(r.json)).toMatchObject({ id: l.id, email: l.email, department: 'Legal', company: l.company, name: l.name });
    expect((await cp(sb, 'POST', '/members/42', { form: { department: 'x' } })).status).toBe(404);
  });

  it('coursepath §7 row 3: GET /members/{memberId}/courses lists that member’s courses', async () => {
    const { courseId, memberId } = await enrolledPair();
    const list = arr((await cp(sb, 'GET', `/members/${memberId}/courses`)).json);
    expect(list.map((c) => c.id)).toContain(courseId);
  });

  it('coursepath §2a/§5: a learner acts as themselves — 403 for admin-only calls, 200 for their own data', async () => {
    const l = await learner();
    const email = l.email as string;
    expect((await asMember(email, 'GET', '/members')).status).toBe(403);
    expect((await asMember(email, 'POST', '/members', { form: { email: 'x@example.com' } })).status).toBe(403);
    expect((await asMember(email, 'GET', `/members/${l.id as number}`)).status).toBe(200);
    const other = (await members()).find((m) => m.id !== l.id && m.role === 'learner')!;
    expect((await asMember(email, 'GET', `/members/${other.id as number}`)).status).toBe(403);
  });
});

describe('coursepath §7 enrolment', () => {
  it('coursepath §7 row 10: POST /courses/{courseId}/members creates a member and adds them as learner', async () => {
    const [c] = await courses();
    const r = await cp(sb, 'POST', `/courses/${c!.id as number}/members`, { form: { email: 'new.learner@example.com' } });
    expect(r.status).toBe(201);
    const id = obj(r.json).id as number;
    const result = await cp(sb, 'GET', `/courses/${c!.id as number}/members/${id}/coursemember`);
    expect(obj(result.json)).toMatchObject({ courseId: c!.id, memberId: id, role: 'learner', progress: 0 });
    expect((await cp(sb, 'POST', '/courses/1/members', { form: { email: 'y@example.com' } })).status).toBe(404);
    expect((await cp(sb, 'POST', `/courses/${c!.id as number}/members`, { form: {} })).status).toBe(400);
  });

  it('coursepath §7 row 11: POST /programs/{programId}/members creates a member in the program', async () => {
    const state = (await (await fetch(`${sb.url}/__sandbox/state`)).json()) as { coursepath: { programs: { id: number }[] } };
    const programId = state.coursepath.programs[0]!.id;
    const r = await cp(sb, 'POST', `/programs/${programId}/members`, { json: { email: 'prog@example.com' } });
    expect(r.status).toBe(201);
    const memberId = obj(r.json).id as number;
    // Already in the program: adding again is a 200, removing works once.
    expect((await cp(sb, 'POST', `/programs/${programId}/members/${memberId}/programmember`)).status).toBe(200);
    expect((await cp(sb, 'DELETE', `/programs/${programId}/members/${memberId}/programmember`)).status).toBe(200);
    expect((await cp(sb, 'DELETE', `/programs/${programId}/members/${memberId}/programmember`)).status).toBe(404);
    expect((await cp(sb, 'POST', `/programs/${programId}/members/${memberId}/programmember`)).status).toBe(201);
    expect((await cp(sb, 'POST', '/programs/1/members/1/programmember')).status).toBe(404);
  });

  it('coursepath §8.7: GET …/coursemember returns score, success, completed date and certificate', async () => {
    const { courseId, memberId } = await enrolledPair();
    const r = obj((await cp(sb, 'GET', `/courses/${courseId}/members/${memberId}/coursemember`)).json);
    for (const k of ['score', 'success', 'completed', 'certificate', 'progress', 'enrolled']) expect(r).toHaveProperty(k);
  });

  it('coursepath §8.6: POST …/coursemember enrols (201), again is 200; DELETE removes and deletes the results', async () => {
    const [c] = await courses();
    const m = obj((await cp(sb, 'POST', '/members', { form: { email: 'enrol.me@example.com' } })).json);
    const path = `/courses/${c!.id as number}/members/${m.id as number}/coursemember`;
    expect((await cp(sb, 'GET', path)).status).toBe(404);
    expect((await cp(sb, 'POST', path)).status).toBe(201);
    expect((await cp(sb, 'POST', path)).status).toBe(200);
    expect((await cp(sb, 'GET', path)).status).toBe(200);
    expect((await cp(sb, 'DELETE', path)).status).toBe(200);
    expect((await cp(sb, 'GET', path)).status).toBe(404);
    expect((await cp(sb, 'DELETE', path)).status).toBe(404);
  });

  it('coursepath §8.6: removing a learner with results deletes those results (re-enrolling starts from zero)', async () => {
    const state = (await (await fetch(`${sb.url}/__sandbox/state`)).json()) as {
      coursepath: { courseMembers: { courseId: number; memberId: number; score: number | null }[] };
    };
    const scored = state.coursepath.courseMembers.find((r) => r.score !== null)!;
    const path = `/courses/${scored.courseId}/members/${scored.memberId}/coursemember`;
    expect(obj((await cp(sb, 'GET', path)).json).score).toBe(scored.score);
    await cp(sb, 'DELETE', path);
    await cp(sb, 'POST', path);
    expect(obj((await cp(sb, 'GET', path)).json)).toMatchObject({ score: null, completed: null, progress: 0, certificate: null });
  });
});

describe('coursepath §8.4 invites', () => {
  it('coursepath §8.4: the three invite paths (re)send the invitation with the saved text by default', async () => {
    const { courseId, memberId } = await enrolledPair();
    const state = (await (await fetch(`${sb.url}/__sandbox/state`)).json()) as { coursepath: { programs: { id: number }[] } };
    const programId = state.coursepath.programs[0]!.id;
    for (const path of [`/members/${memberId}/invite`, `/courses/${courseId}/members/${memberId}/invite`, `/programs/${programId}/members/${memberId}/invite`]) {
      const r = await cp(sb, 'POST', path);
      expect(r.status, path).toBe(200);
      expect(obj(r.json)).toMatchObject({ memberId });
      expect(String(obj(r.json).subject)).toMatch(/invited/);
    }
    expect((await cp(sb, 'POST', '/members/1/invite')).status).toBe(404);
  });

  it('coursepath §8.4: mail[subject], mail[body], mail[action] override the text (form-encoded brackets)', async () => {
    const l = await learner();
    const r = await cp(sb, 'POST', `/members/${l.id as number}/invite`, {
      form: { 'mail[subject]': 'Welcome aboard', 'mail[body]': 'Hello there', 'mail[action]': 'Join now' },
    });
    expect(obj(r.json)).toMatchObject({ subject: 'Welcome aboard', body: 'Hello there', action: 'Join now', to: l.email });
    const state = (await (await fetch(`${sb.url}/__sandbox/state`)).json()) as { coursepath: { outbox: { subject: string }[] } };
    expect(state.coursepath.outbox.at(-1)?.subject).toBe('Welcome aboard');
  });

  it('coursepath §8.4: the overrides also work as JSON (nested mail object) and only override what is sent', async () => {
    const l = await learner();
    const r = obj((await cp(sb, 'POST', `/members/${l.id as number}/invite`, { json: { mail: { subject: 'Only subject' } } })).json);
    expect(r.subject).toBe('Only subject');
    expect(r.action).toBe('Activate my account');
    expect((await cp(sb, 'POST', `/members/${l.id as number}/invite`, { json: { mail: 'nope' } })).status).toBe(400);
  });
});

describe('coursepath §8.8 groups', () => {
  it('coursepath §7 rows 20–22: list groups, members of a group, groups of a member', async () => {
    const groups = arr((await cp(sb, 'GET', '/groups')).json);
    expect(groups.map((g) => g.name)).toEqual(expect.arrayContaining(['Sales', 'Support', 'Engineering', 'New hires']));
    const g = groups.find((x) => (x.memberCount as number) > 0)!;
    const ms = arr((await cp(sb, 'GET', `/groups/${g.id as number}/members`)).json);
    expect(ms.length).toBe(g.memberCount);
    const mg = arr((await cp(sb, 'GET', `/members/${ms[0]!.id as number}/groups`)).json);
    expect(mg.map((x) => x.id)).toContain(g.id);
    expect((await cp(sb, 'GET', '/groups/1/members')).status).toBe(404);
  });

  it('coursepath §8.8: POST /members/{memberId}/groups requires name (400), adds by name (201, then 200)', async () => {
    const l = await learner();
    const path = `/members/${l.id as number}/groups`;
    expect((await cp(sb, 'POST', path, { form: {} })).status).toBe(400);
    expect((await cp(sb, 'POST', path, { form: { name: 'Managers' } })).status).toBe(201);
    expect((await cp(sb, 'POST', path, { form: { name: 'managers' } })).status).toBe(200);
    const names = arr((await cp(sb, 'GET', path)).json).map((g) => g.name);
    expect(names).toContain('Managers');
  });

  it('coursepath §8.8: DELETE with name (in the body, by default) removes from that group only', async () => {
    const l = await learner();
    const path = `/members/${l.id as number}/groups`;
    await cp(sb, 'POST', path, { form: { name: 'A-team' } });
    await cp(sb, 'POST', path, { form: { name: 'B-team' } });
    const r = await cp(sb, 'DELETE', path, { form: { name: 'A-team' } });
    expect(r.status).toBe(200);
    const names = arr(r.json).map((g) => g.name);
    expect(names).toContain('B-team');
    expect(names).not.toContain('A-team');
    expect((await cp(sb, 'DELETE', path, { form: { name: 'A-team' } })).status).toBe(404);
  });

  it('coursepath §8.8 (where DELETE reads name is unknown): by default a query-string name is ignored, so the call removes from ALL groups', async () => {
    const l = await learner();
    const path = `/members/${l.id as number}/groups`;
    await cp(sb, 'POST', path, { form: { name: 'A-team' } });
    await cp(sb, 'POST', path, { form: { name: 'B-team' } });
    const r = await cp(sb, 'DELETE', `${path}?name=A-team`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual([]);
  });

  it('coursepath §8.8: DELETE without name removes the member from ALL groups', async () => {
    const l = await learner();
    const path = `/members/${l.id as number}/groups`;
    await cp(sb, 'POST', path, { form: { name: 'A-team' } });
    await cp(sb, 'POST', path, { form: { name: 'B-team' } });
    const r = await cp(sb, 'DELETE', path);
    expect(r.status).toBe(200);
    expect(r.json).toEqual([]);
    expect(arr((await cp(sb, 'GET', path)).json)).toEqual([]);
  });
});
