import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { arr, ca, obj } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 61, coassembleLimit: null });
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

const courses = async (q = '') => arr((await ca(sb, 'GET', `/courses${q}`)).json);

describe('coassemble §6 courses', () => {
  it('coassemble §6.1: GET /courses returns a bare JSON array of Course objects (§18.1 fields)', async () => {
    const list = await courses();
    expect(list.length).toBeGreaterThan(5);
    for (const c of list) {
      expect(typeof c.id).toBe('number');
      expect(c).toHaveProperty('title');
      expect(c).toHaveProperty('published');
      expect(c.deleted).toBeNull();
      expect(c).toMatchObject({ type: 'standard', legacy: false });
      expect(Array.isArray(c.screens)).toBe(true);
    }
  });

  it('coassemble §6.1: title filter is a case-insensitive substring match', async () => {
    const list = await courses('?title=SECURITY');
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((c) => String(c.title).toLowerCase().includes('security'))).toBe(true);
  });

  it('coassemble §6.1: identifier and clientIdentifier filter by owner', async () => {
    const byClient = await courses('?clientIdentifier=acme-corp');
    expect(byClient.length).toBe(1);
    expect(byClient[0]?.clientIdentifier).toBe('acme-corp');
    await ca(sb, 'POST', '/generate/course', {
      json: { prompt: 'Fire drills', audience: 'staff', familiarity: 'beginner', tone: 'friendly', screenCount: 3, identifier: 'owner-1' },
    });
    expect((await courses('?identifier=owner-1')).map((c) => c.identifier)).toEqual(['owner-1']);
  });

  it('coassemble §6.1/§19.6: soft-deleted courses are hidden unless deleted=true', async () => {
    const all = await courses('?deleted=true');
    const visible = await courses();
    expect(all.length).toBe(visible.length + 1);
    expect(all.filter((c) => c.deleted !== null)).toHaveLength(1);
    expect((await ca(sb, 'GET', '/courses?deleted=maybe')).status).toBe(400);
  });

  it('coassemble §6.2: GET /courses/{id} returns one course; unknown id → 404 NOT_FOUND envelope', async () => {
    const [first] = await courses();
    const r = await ca(sb, 'GET', `/courses/${first!.id}`);
    expect(obj(r.json).id).toBe(first!.id);
    const missing = await ca(sb, 'GET', '/courses/999999999');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ message: 'Course not found', error: { code: 'NOT_FOUND', status: 404 } });
    expect((await ca(sb, 'GET', '/courses/abc')).status).toBe(400);
  });

  it('coassemble §6.6/§6.7: DELETE /course/{id} soft-deletes; restore brings it back; only deleted courses restore', async () => {
    const [c] = await courses();
    const del = await ca(sb, 'DELETE', `/course/${c!.id}`);
    expect(del.status).toBe(200);
    expect(typeof obj(del.json).deleted).toBe('string');
    expect((await courses()).some((x) => x.id === c!.id)).toBe(false);
    expect(obj((await ca(sb, 'GET', `/courses/${c!.id}`)).json).deleted).not.toBeNull();
    const restored = await ca(sb, 'POST', `/course/${c!.id}/restore`);
    expect(restored.status).toBe(200);
    expect(obj(restored.json).deleted).toBeNull();
    expect((await courses()).some((x) => x.id === c!.id)).toBe(true);
    const again = await ca(sb, 'POST', `/course/${c!.id}/restore`);
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('coassemble §6.8: duplicate creates a new draft course with a new id, optionally for another owner (201)', async () => {
    const src = (await courses()).find((c) => c.published !== null)!;
    const r = await ca(sb, 'POST', `/course/${src.id}/duplicate`, { json: { identifier: 'copy-owner', clientIdentifier: 'copy-client' } });
    expect(r.status).toBe(201);
    const copy = obj(r.json);
    expect(copy.id).not.toBe(src.id);
    expect(copy).toMatchObject({ title: src.title, published: null, identifier: 'copy-owner', clientIdentifier: 'copy-client' });
    expect((copy.screens as unknown[]).length).toBe((src.screens as unknown[]).length);
    expect((await ca(sb, 'GET', '/user/copy-owner')).status).toBe(200);
  });

  it('coassemble §6.9: publish sets `published` and bumps the revision', async () => {
    const draft = (await courses()).find((c) => c.published === null)!;
    const r = await ca(sb, 'POST', `/course/${draft.id}/publish`, { json: {} });
    expect(r.status).toBe(200);
    expect(typeof obj(r.json).published).toBe('string');
    expect(obj(r.json).revision).toBe((draft.revision as number) + 1);
  });

  it('coassemble §6.10: revert goes back to the published version; a never-published course → 400', async () => {
    const draft = (await courses()).find((c) => c.published === null)!;
    expect((await ca(sb, 'POST', `/course/${draft.id}/revert`)).status).toBe(400);
    const pub = (await courses()).find((c) => c.published !== null)!;
    const r = await ca(sb, 'POST', `/course/${pub.id}/revert`);
    expect(r.status).toBe(200);
    expect(obj(r.json)).toMatchObject({ id: pub.id, title: pub.title, published: pub.published });
  });

  it('coassemble §6.6: actions on an unknown course are 404 NOT_FOUND', async () => {
    for (const [m, p] of [['DELETE', '/course/1'], ['POST', '/course/1/publish'], ['POST', '/course/1/duplicate'], ['POST', '/course/1/restore']] as const) {
      const r = await ca(sb, m, p);
      expect(r.status).toBe(404);
      expect(r.json).toMatchObject({ error: { code: 'NOT_FOUND', status: 404 } });
    }
  });

  it('coassemble §6.3: GET /course/content/{id} lists the languages and screens', async () => {
    const [c] = await courses();
    const r = obj((await ca(sb, 'GET', `/course/content/${c!.id}`)).json);
    expect(r.languages).toContain('en');
    expect(Array.isArray(r.screens)).toBe(true);
  });

  it('coassemble §19.1: list is plural (/courses) and actions singular (/course/{id}/…): GET /course/{id}/publish is not a route', async () => {
    const [c] = await courses();
    const r = await ca(sb, 'GET', `/course/${c!.id}/publish`);
    expect(r.status).toBe(405);
    expect((await ca(sb, 'GET', '/nothing/here')).status).toBe(404);
  });
});
