import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { arr, ca, caKey, call, obj } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 22 });
});
afterAll(() => sb.close());

describe('coassemble §9 users and clients', () => {
  it('coassemble §9.7: PUT /user/{identifier} upserts — creates an unknown user, then updates it', async () => {
    const created = await ca(sb, 'PUT', '/user/learner-001', { json: { clientIdentifier: 'client-a', metadata: { team: 'red' } } });
    expect(created.status).toBe(200);
    expect(obj(created.json)).toMatchObject({ identifier: 'learner-001', clientIdentifier: 'client-a', metadata: { team: 'red' } });
    const updated = await ca(sb, 'PUT', '/user/learner-001', { json: { clientIdentifier: 'client-b' } });
    expect(obj(updated.json)).toMatchObject({ clientIdentifier: 'client-b', metadata: { team: 'red' } });
    const got = await ca(sb, 'GET', '/user/learner-001');
    expect(obj(got.json)).toMatchObject({ clientIdentifier: 'client-b' });
  });

  it('coassemble §9: metadata is replaced as a whole, not merged', async () => {
    await ca(sb, 'PUT', '/user/learner-002', { json: { metadata: { a: 1, b: 2 } } });
    const r = await ca(sb, 'PUT', '/user/learner-002', { json: { metadata: { c: 3 } } });
    expect(obj(r.json).metadata).toEqual({ c: 3 });
  });

  it('coassemble §9.7: identifiers may contain ":" and must be URL-encoded in the path', async () => {
    const r = await ca(sb, 'PUT', `/user/${encodeURIComponent('moodle-site:abc/1')}`, { json: {} });
    expect(r.status).toBe(200);
    expect(obj(r.json).identifier).toBe('moodle-site:abc/1');
  });

  it('coassemble §4.1: a non-object metadata is 400 BAD_REQUEST in the envelope', async () => {
    const r = await ca(sb, 'PUT', '/user/learner-003', { json: { metadata: ['x'] } });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { code: 'BAD_REQUEST', status: 400 } });
    expect(typeof obj(r.json).message).toBe('string');
  });

  it('coassemble §4.1: an unparseable JSON body is 400 BAD_REQUEST', async () => {
    const r = await ca(sb, 'PUT', '/user/learner-004', { raw: '{"metadata":', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('coassemble §9.3: PUT /client/{identifier} upserts and replaces metadata', async () => {
    await ca(sb, 'PUT', '/client/tenant-9', { json: { metadata: { plan: 'gold', seats: 10 } } });
    const r = await ca(sb, 'PUT', '/client/tenant-9', { json: { metadata: { plan: 'silver' } } });
    expect(r.status).toBe(200);
    expect(obj(r.json)).toMatchObject({ clientIdentifier: 'tenant-9', metadata: { plan: 'silver' } });
    expect(obj(r.json).metadata).not.toHaveProperty('seats');
  });

  it('coassemble §9.5: GET /users lists users as a bare array, filterable by clientIdentifier', async () => {
    await ca(sb, 'PUT', '/user/only-in-z', { json: { clientIdentifier: 'client-z' } });
    const r = await ca(sb, 'GET', '/users?clientIdentifier=client-z');
    expect(arr(r.json).map((u) => u.identifier)).toEqual(['only-in-z']);
  });
});

describe('coassemble §9 lists and deletes', () => {
  it('coassemble §9.1: GET /clients is a bare array of {clientIdentifier, userCount, …} without numeric ids', async () => {
    const rows = arr((await ca(sb, 'GET', '/clients')).json);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const c of rows) {
      expect(typeof c.clientIdentifier).toBe('string');
      expect(typeof c.userCount).toBe('number');
      expect(c).not.toHaveProperty('id');
    }
  });

  it('coassemble §9.4: DELETE /client/{identifier} removes the client and its users; unknown → 404', async () => {
    await ca(sb, 'PUT', '/user/doomed-1', { json: { clientIdentifier: 'doomed' } });
    expect((await ca(sb, 'DELETE', '/client/doomed')).status).toBe(200);
    expect((await ca(sb, 'GET', '/client/doomed')).status).toBe(404);
    expect((await ca(sb, 'GET', '/user/doomed-1')).status).toBe(404);
    expect((await ca(sb, 'DELETE', '/client/doomed')).status).toBe(404);
  });

  it('coassemble §9.8: DELETE /user/{identifier} removes the user; action=reallocate needs reallocateTo', async () => {
    await ca(sb, 'PUT', '/user/leaver', { json: {} });
    expect((await ca(sb, 'DELETE', '/user/leaver?action=reallocate')).status).toBe(400);
    expect((await ca(sb, 'DELETE', '/user/leaver?action=explode')).status).toBe(400);
    expect((await ca(sb, 'DELETE', '/user/leaver?action=reallocate&reallocateTo=heir')).status).toBe(200);
    expect((await ca(sb, 'GET', '/user/leaver')).status).toBe(404);
    expect((await ca(sb, 'DELETE', '/user/leaver')).status).toBe(404);
  });

  it('coassemble §9.8: deleting a user with action=reallocate hands their courses to reallocateTo', async () => {
    const gen = { prompt: 'Knots', audience: 'sailors', familiarity: 'beginner', tone: 'salty', screenCount: 2, identifier: 'author-x' };
    const course = obj((await ca(sb, 'POST', '/generate/course', { json: gen })).json);
    await ca(sb, 'DELETE', '/user/author-x', { json: { action: 'reallocate', reallocateTo: 'author-y' } });
    expect(obj((await ca(sb, 'GET', `/courses/${course.id as number}`)).json).identifier).toBe('author-y');
  });

  it("coassemble §9.8 (default action unknown): without action the sandbox takes the worst case and deletes the user's courses; userDeleteDefault 'ignore' keeps them", async () => {
    const gen = { prompt: 'Ropes', audience: 'sailors', familiarity: 'beginner', tone: 'salty', screenCount: 2, identifier: 'author-z' };
    const course = obj((await ca(sb, 'POST', '/generate/course', { json: gen })).json);
    expect((await ca(sb, 'DELETE', '/user/author-z')).status).toBe(200);
    expect((await ca(sb, 'GET', `/courses/${course.id as number}`)).status).toBe(404);
    const kind = await startSandbox({ seed: 5, coassembleLimit: null, userDeleteDefault: 'ignore' });
    try {
      const auth = caKey(kind);
      const c2 = obj((await call(kind, 'POST', '/api/v1/headless/generate/course', { auth, json: gen })).json);
      expect((await call(kind, 'DELETE', '/api/v1/headless/user/author-z', { auth })).status).toBe(200);
      expect((await call(kind, 'GET', `/api/v1/headless/courses/${c2.id as number}`, { auth })).status).toBe(200);
    } finally {
      await kind.close();
    }
  });
});
