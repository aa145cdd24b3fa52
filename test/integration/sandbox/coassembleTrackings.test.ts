import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { arr, ca, caKey, call, obj } from './helpers';

let sb: Sandbox;
let courseId: number;
beforeAll(async () => {
  sb = await startSandbox({ seed: 63, coassembleLimit: null });
});
afterAll(() => sb.close());
beforeEach(async () => {
  sb.reset();
  // The published course with the most trackings.
  const list = arr((await ca(sb, 'GET', '/courses')).json).filter((c) => c.published !== null);
  let best = 0;
  for (const c of list) {
    const n = arr((await ca(sb, 'GET', `/trackings?id=${c.id as number}&length=100`)).json).length;
    if (n > best) {
      best = n;
      courseId = c.id as number;
    }
  }
});

describe('coassemble §8 trackings', () => {
  it('coassemble §8.1: GET /trackings requires a course id (400 BAD_REQUEST without it)', async () => {
    const r = await ca(sb, 'GET', '/trackings');
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect((await ca(sb, 'GET', '/trackings?id=1')).status).toBe(404);
  });

  it('coassemble §8.1/§18.3: rows carry progress in both casings, score, dates, and no course id', async () => {
    const rows = arr((await ca(sb, 'GET', `/trackings?id=${courseId}`)).json);
    expect(rows.length).toBeGreaterThan(3);
    for (const t of rows) {
      expect(t.progress_percent).toBe(t.progressPercent);
      expect(t.total_time).toBe(t.totalTime);
      expect(typeof t.commenced).toBe('string');
      expect(t).not.toHaveProperty('courseId');
      expect(t).not.toHaveProperty('course_id');
      if (t.completed) expect(t.progressPercent).toBe(100);
    }
    expect(rows.some((t) => typeof t.score === 'number')).toBe(true);
  });

  it('coassemble §8.1: completed=true returns completed trackings only; identifier filters by learner', async () => {
    const done = arr((await ca(sb, 'GET', `/trackings?id=${courseId}&completed=true`)).json);
    expect(done.every((t) => t.completed)).toBe(true);
    const all = arr((await ca(sb, 'GET', `/trackings?id=${courseId}`)).json);
    const who = all[0]!.identifier as string;
    const mine = arr((await ca(sb, 'GET', `/trackings?id=${courseId}&identifier=${who}`)).json);
    expect(mine.map((t) => t.identifier)).toEqual([who]);
  });

  it('coassemble §8.1: start/end filter on commenced; an unparseable date is 400', async () => {
    const all = arr((await ca(sb, 'GET', `/trackings?id=${courseId}`)).json);
    const sorted = all.map((t) => t.commenced as string).sort();
    const mid = sorted[Math.floor(sorted.length / 2)]!;
    const after = arr((await ca(sb, 'GET', `/trackings?id=${courseId}&start=${encodeURIComponent(mid)}`)).json);
    expect(after.length).toBeGreaterThan(0);
    expect(after.length).toBeLessThan(all.length);
    expect(after.every((t) => (t.commenced as string) >= mid)).toBe(true);
    expect((await ca(sb, 'GET', `/trackings?id=${courseId}&start=yesterday-ish`)).status).toBe(400);
  });

  it('coassemble §8.3: DELETE /tracking with FormData-style id + identifier deletes it (200), then 404', async () => {
    const t = arr((await ca(sb, 'GET', `/trackings?id=${courseId}`)).json)[0]!;
    const form = { id: String(courseId), identifier: t.identifier as string };
    const r = await ca(sb, 'DELETE', '/tracking', { form });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ message: 'Tracking record deleted' });
    expect(arr((await ca(sb, 'GET', `/trackings?id=${courseId}&identifier=${form.identifier}`)).json)).toEqual([]);
    expect((await ca(sb, 'DELETE', '/tracking', { form })).status).toBe(404);
  });

  it('coassemble §8.3: by default DELETE /tracking reads form fields only (documented "FormData properties"): JSON and query answer 400', async () => {
    const rows = arr((await ca(sb, 'GET', `/trackings?id=${courseId}`)).json);
    const json = await ca(sb, 'DELETE', '/tracking', { json: { id: courseId, identifier: rows[0]!.identifier } });
    expect(json.status).toBe(400);
    expect(json.json).toMatchObject({ message: 'id (course ID) is required' });
    expect((await ca(sb, 'DELETE', `/tracking?id=${courseId}&identifier=${rows[1]!.identifier as string}`)).status).toBe(400);
    const fd = new FormData();
    fd.set('id', String(courseId));
    fd.set('identifier', rows[2]!.identifier as string);
    const multipart = await fetch(`${sb.url}/api/v1/headless/tracking`, { method: 'DELETE', headers: { authorization: caKey(sb) }, body: fd });
    expect(multipart.status).toBe(200);
    expect((await ca(sb, 'DELETE', '/tracking', { form: { id: String(courseId) } })).status).toBe(400);
    expect((await ca(sb, 'DELETE', '/tracking', { form: { identifier: 'x' } })).status).toBe(400);
    // Nothing was deleted by the refused calls.
    expect(arr((await ca(sb, 'GET', `/trackings?id=${courseId}&identifier=${rows[0]!.identifier as string}`)).json)).toHaveLength(1);
  });

  it("coassemble §8.3: trackingDeleteBody 'any' also reads JSON and the query", async () => {
    const any = await startSandbox({ seed: 63, coassembleLimit: null, trackingDeleteBody: 'any' });
    try {
      const rows = arr((await call(any, 'GET', `/api/v1/headless/trackings?id=${courseId}`, { auth: caKey(any) })).json);
      const del = (path: string, o: { json?: unknown } = {}) => call(any, 'DELETE', `/api/v1/headless${path}`, { auth: caKey(any), ...o });
      expect((await del('/tracking', { json: { id: courseId, identifier: rows[0]!.identifier } })).status).toBe(200);
      expect((await del(`/tracking?id=${courseId}&identifier=${rows[1]!.identifier as string}`)).status).toBe(200);
    } finally {
      await any.close();
    }
  });

  it('coassemble §8.4: GET /user/trackings returns one per-learner object with a trackings array', async () => {
    const t = arr((await ca(sb, 'GET', `/trackings?id=${courseId}`)).json)[0]!;
    const r = obj((await ca(sb, 'GET', `/user/trackings?identifier=${t.identifier as string}`)).json);
    expect(r.identifier).toBe(t.identifier);
    expect(arr(r.trackings).some((x) => x.courseId === courseId)).toBe(true);
    expect((await ca(sb, 'GET', '/user/trackings')).status).toBe(400);
  });

  it('coassemble §8.2: GET /tracking/{id} returns one tracking', async () => {
    const t = arr((await ca(sb, 'GET', `/trackings?id=${courseId}`)).json)[0]!;
    expect(obj((await ca(sb, 'GET', `/tracking/${t.id as number}`)).json)).toMatchObject({ id: t.id, courseId });
    expect((await ca(sb, 'GET', '/tracking/1')).status).toBe(404);
  });

  it('coassemble §7: GET /screen/types is retired (404 NOT_FOUND); the legacy array is behind a flag', async () => {
    const r = await ca(sb, 'GET', '/screen/types');
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ error: { code: 'NOT_FOUND', status: 404 } });
    const legacy = await startSandbox({ seed: 63, screenTypes: 'legacy' });
    try {
      const rows = arr((await call(legacy, 'GET', '/api/v1/headless/screen/types', { auth: caKey(legacy) })).json);
      expect(rows.map((x) => x.name)).toContain('quiz');
      expect(rows[0]).toMatchObject({ id: 1, name: 'text', title: 'Text', premium: false });
    } finally {
      await legacy.close();
    }
  });
});
