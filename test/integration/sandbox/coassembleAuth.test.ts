import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { caKey, caLegacy, call } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 21 });
});
afterAll(() => sb.close());

const put = (auth: string | null, prefix = '/api/v1/headless') =>
  call(sb, 'PUT', `${prefix}/user/auth-test`, { auth, json: { metadata: { a: 1 } } });

describe('coassemble §2 authentication', () => {
  it('coassemble §2: the workspace key header COASSEMBLE:<workspaceId>:<64 hex> is accepted', async () => {
    expect(sb.credentials.coassemble.apiKey).toMatch(/^[a-f0-9]{64}$/);
    expect(sb.credentials.coassemble.workspaceId).toMatch(/^\d+$/);
    expect((await put(caKey(sb))).status).toBe(200);
  });

  it('coassemble §2: the retired COASSEMBLE-V1-SHA256 header is refused by default with 401 (Airbyte migration guide: retired)', async () => {
    const r = await put(caLegacy(sb));
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ error: { code: 'UNAUTHORIZED', status: 401 } });
  });

  it('coassemble §2: behind legacyAuth: true, the legacy header with or without the comma is accepted', async () => {
    const old = await startSandbox({ seed: 21, legacyAuth: true });
    try {
      const c = old.credentials.coassemble;
      const at = (auth: string) => call(old, 'PUT', '/api/v1/headless/user/x', { auth, json: {} });
      expect((await at(caLegacy(old))).status).toBe(200);
      expect((await at(`COASSEMBLE-V1-SHA256 UserId=${c.userId} UserToken=${c.userToken}`)).status).toBe(200);
      expect((await at(`COASSEMBLE-V1-SHA256 UserId=${c.userId}, UserToken=nope`)).status).toBe(401);
    } finally {
      await old.close();
    }
  });

  it('coassemble §2: Bearer is rejected with 401 "Invalid Authorization header" in the §4.1 envelope', async () => {
    const r = await put(`Bearer ${sb.credentials.coassemble.apiKey}`);
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ message: 'Invalid Authorization header', error: { code: 'UNAUTHORIZED', status: 401 } });
  });

  it('coassemble §2: a missing header is 401 UNAUTHORIZED', async () => {
    const r = await put(null);
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ error: { code: 'UNAUTHORIZED', status: 401 } });
  });

  it('coassemble §2: a wrong key, a wrong workspace or a wrong user token is 401', async () => {
    const c = sb.credentials.coassemble;
    expect((await put(`COASSEMBLE:${c.workspaceId}:${'a'.repeat(64)}`)).status).toBe(401);
    expect((await put(`COASSEMBLE:1${c.workspaceId}:${c.apiKey}`)).status).toBe(401);
    // The key is 64 *lowercase* hex; upper case is not the key.
    expect((await put(`COASSEMBLE:${c.workspaceId}:${c.apiKey.toUpperCase()}`)).status).toBe(401);
  });

  it('coassemble §2: legacyAuth: false (the default, said explicitly) refuses the legacy header, accepts the key', async () => {
    const strict = await startSandbox({ seed: 21, legacyAuth: false });
    try {
      expect((await call(strict, 'PUT', '/api/v1/headless/user/x', { auth: caLegacy(strict), json: {} })).status).toBe(401);
      expect((await call(strict, 'PUT', '/api/v1/headless/user/x', { auth: caKey(strict), json: {} })).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('coassemble §1: /v1/headless/... is an alias of /api/v1/headless/...', async () => {
    expect((await put(caKey(sb), '/v1/headless')).status).toBe(200);
  });
});
