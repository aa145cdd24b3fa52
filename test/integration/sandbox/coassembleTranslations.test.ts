import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { arr, ca, obj } from './helpers';

let sb: Sandbox;
let core: Sandbox;
let courseId: number;
beforeAll(async () => {
  sb = await startSandbox({ seed: 64, coassembleLimit: null });
  core = await startSandbox({ seed: 64, coassembleLimit: null, plan: 'core' });
});
afterAll(async () => {
  await sb.close();
  await core.close();
});
beforeEach(async () => {
  sb.reset();
  courseId = arr((await ca(sb, 'GET', '/courses')).json)[1]!.id as number;
});

describe('coassemble §11 translations and §3.3 plan gating', () => {
  it('coassemble §11: translate creates a translation (BCP-47 language required) and the list shows it', async () => {
    const r = await ca(sb, 'POST', `/translation/translate/${courseId}`, { json: { language: 'de-CH' } });
    expect(r.status).toBe(201);
    expect(obj(r.json)).toMatchObject({ courseId, language: 'de-CH', default: false });
    const list = arr((await ca(sb, 'GET', `/translations/${courseId}`)).json);
    expect(list.map((t) => t.language)).toEqual(['de-CH']);
  });

  it('coassemble §11: language is required and must be BCP-47; a duplicate is 400', async () => {
    expect((await ca(sb, 'POST', `/translation/translate/${courseId}`, { json: {} })).status).toBe(400);
    expect((await ca(sb, 'POST', `/translation/translate/${courseId}`, { json: { language: 'French!' } })).status).toBe(400);
    await ca(sb, 'POST', `/translation/translate/${courseId}`, { json: { language: 'fr' } });
    const dup = await ca(sb, 'POST', `/translation/translate/${courseId}`, { json: { language: 'fr' } });
    expect(dup.status).toBe(400);
    expect(dup.json).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('coassemble §11: set default needs an existing translation (404 otherwise) and makes it the only default', async () => {
    await ca(sb, 'POST', `/translation/translate/${courseId}`, { json: { language: 'fr' } });
    await ca(sb, 'POST', `/translation/translate/${courseId}`, { json: { language: 'es-ES' } });
    expect((await ca(sb, 'POST', `/translation/default/${courseId}/it`)).status).toBe(404);
    await ca(sb, 'POST', `/translation/default/${courseId}/fr`);
    const r = await ca(sb, 'POST', `/translation/default/${courseId}/es-ES`);
    expect(obj(r.json).default).toBe(true);
    const list = arr((await ca(sb, 'GET', `/translations/${courseId}`)).json);
    expect(list.filter((t) => t.default).map((t) => t.language)).toEqual(['es-ES']);
  });

  it('coassemble §11: sync applies the latest screens (missingScreens 0); delete removes it (then 404)', async () => {
    await ca(sb, 'POST', `/translation/translate/${courseId}`, { json: { language: 'nl' } });
    const s = await ca(sb, 'POST', `/translation/sync/${courseId}/nl`);
    expect(s.status).toBe(200);
    expect(obj(s.json).missingScreens).toBe(0);
    expect((await ca(sb, 'DELETE', `/translation/${courseId}/nl`)).status).toBe(200);
    expect(arr((await ca(sb, 'GET', `/translations/${courseId}`)).json)).toEqual([]);
    expect((await ca(sb, 'DELETE', `/translation/${courseId}/nl`)).status).toBe(404);
    expect((await ca(sb, 'POST', `/translation/sync/${courseId}/nl`)).status).toBe(404);
  });

  it('coassemble §11: an unknown source course is 404', async () => {
    expect((await ca(sb, 'GET', '/translations/1')).status).toBe(404);
  });

  it('coassemble §3.3: on the core plan every Automate endpoint answers 403 FORBIDDEN', async () => {
    const calls: [string, string, unknown?][] = [
      ['GET', `/translations/${courseId}`],
      ['POST', `/translation/translate/${courseId}`, { language: 'fr' }],
      ['POST', `/translation/default/${courseId}/fr`],
      ['POST', `/translation/sync/${courseId}/fr`],
      ['DELETE', `/translation/${courseId}/fr`],
      ['DELETE', '/client/acme-corp'],
    ];
    for (const [m, p, body] of calls) {
      const r = await ca(core, m, p, body === undefined ? {} : { json: body });
      expect(r.status, `${m} ${p}`).toBe(403);
      expect(r.json).toMatchObject({ error: { code: 'FORBIDDEN', status: 403 } });
    }
  });

  it('coassemble §3.3: the core plan still allows Embed Core endpoints (users, clients, courses)', async () => {
    expect((await ca(core, 'PUT', '/user/core-user', { json: {} })).status).toBe(200);
    expect((await ca(core, 'PUT', '/client/core-client', { json: {} })).status).toBe(200);
    expect((await ca(core, 'GET', '/courses')).status).toBe(200);
  });
});
