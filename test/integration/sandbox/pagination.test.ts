import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { arr, ca, cp } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 81, coassembleLimit: null });
  // 130 users in total, so the page size clamp can show.
  await Promise.all(Array.from({ length: 100 }, (_, i) => ca(sb, 'PUT', `/user/page-user-${String(i).padStart(3, '0')}`, { json: {} })));
});
afterAll(() => sb.close());

const ids = (rows: Record<string, unknown>[], key = 'identifier') => rows.map((r) => r[key]);

describe('pagination', () => {
  it('coassemble §3.2: page is zero-based and length is the page size; pages do not overlap', async () => {
    const p0 = arr((await ca(sb, 'GET', '/courses?length=4&page=0')).json);
    const p1 = arr((await ca(sb, 'GET', '/courses?length=4&page=1')).json);
    const all = arr((await ca(sb, 'GET', '/courses')).json);
    expect(p0).toHaveLength(4);
    expect(ids(p0, 'id')).toEqual(ids(all.slice(0, 4), 'id'));
    expect(ids(p1, 'id')).toEqual(ids(all.slice(4, 8), 'id'));
  });

  it('coassemble §3.2: length defaults to 100 and is clamped to 100; lists are bare arrays', async () => {
    const total = 136; // 36 demo learners + 100 created above
    const first = await ca(sb, 'GET', '/users');
    expect(Array.isArray(first.json)).toBe(true);
    expect(arr(first.json)).toHaveLength(100);
    expect(arr((await ca(sb, 'GET', '/users?length=500')).json)).toHaveLength(100);
    expect(arr((await ca(sb, 'GET', '/users?length=500&page=1')).json)).toHaveLength(total - 100);
    expect(arr((await ca(sb, 'GET', '/users?page=2')).json)).toEqual([]);
  });

  it('coassemble §3.2: the last page is shorter than length, which is how clients stop', async () => {
    const rows: unknown[] = [];
    for (let page = 0; page < 10; page++) {
      const got = arr((await ca(sb, 'GET', `/users?length=30&page=${page}`)).json);
      rows.push(...got);
      if (got.length < 30) break;
    }
    expect(rows).toHaveLength(136);
    expect(new Set(rows.map((r) => (r as { identifier: string }).identifier)).size).toBe(136);
  });

  it('coassemble §4.1: a non-numeric page or length is 400 BAD_REQUEST', async () => {
    for (const q of ['page=-1', 'page=x', 'length=1.5']) {
      const r = await ca(sb, 'GET', `/users?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.json).toMatchObject({ error: { code: 'BAD_REQUEST', status: 400 } });
    }
  });

  it('coursepath §4: offset/limit page a bare array; offset is zero-based', async () => {
    const all = arr((await cp(sb, 'GET', '/members')).json);
    const a = arr((await cp(sb, 'GET', '/members?offset=0&limit=10')).json);
    const b = arr((await cp(sb, 'GET', '/members?offset=10&limit=10')).json);
    expect(ids(a, 'id')).toEqual(ids(all.slice(0, 10), 'id'));
    expect(ids(b, 'id')).toEqual(ids(all.slice(10, 20), 'id'));
    expect(arr((await cp(sb, 'GET', `/members?offset=${all.length - 3}&limit=10`)).json)).toHaveLength(3);
  });

  it('coursepath §4: default page sizes per endpoint (courses 100) and an invalid offset/limit is 400', async () => {
    expect(arr((await cp(sb, 'GET', '/courses?limit=3')).json)).toHaveLength(3);
    expect((await cp(sb, 'GET', '/members?limit=abc')).status).toBe(400);
    expect((await cp(sb, 'GET', '/members?offset=-5')).status).toBe(400);
  });
});
