import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type LedgerEntry, type Sandbox } from '../../../src-main/sandbox/index';
import { Ledger } from '../../../src-main/sandbox/ledger';
import { sandboxReceived } from '../../helpers/sandboxReceived';
import { arr, ca, call, cp, cpToken } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 31 });
});
afterAll(() => sb.close());
beforeEach(() => sb.ledger.clear());

describe('sandbox ledger', () => {
  it('ledger: records every request with api, method, path, status and outcome', async () => {
    await ca(sb, 'PUT', '/user/ledger-1', { json: { metadata: { k: 'v' } } });
    await call(sb, 'PUT', '/api/v1/headless/user/ledger-2', { auth: 'Bearer nope', json: {} });
    await cp(sb, 'POST', '/members', { form: { email: 'ledger@example.com' } });
    const e = sb.ledger.entries();
    expect(e.map((x) => [x.api, x.method, x.path, x.status, x.outcome])).toEqual([
      ['coassemble', 'PUT', '/api/v1/headless/user/ledger-1', 200, 'ok'],
      ['coassemble', 'PUT', '/api/v1/headless/user/ledger-2', 401, 'auth'],
      ['coursepath', 'POST', '/api/v1/members', 201, 'ok'],
    ]);
    expect(e[0]).toMatchObject({ identifier: 'ledger-1', body: { metadata: { k: 'v' } } });
    expect(e[2]).toMatchObject({ email: sb.credentials.coursepath.email, body: { email: 'ledger@example.com' } });
    expect(typeof e[2]?.jti).toBe('string');
    expect(e[1]!.seq).toBe(e[0]!.seq + 1);
  });

  it('ledger: never holds secrets (API key, user token, JWT secret, Authorization header)', async () => {
    const token = cpToken(sb);
    await call(sb, 'GET', '/api/v1/members/me', { auth: token });
    await ca(sb, 'GET', '/users');
    const text = JSON.stringify(sb.ledger.entries());
    const c = sb.credentials;
    for (const secret of [c.coassemble.apiKey, c.coassemble.userToken, c.coursepath.apiKey, token.slice(7)]) {
      expect(text).not.toContain(secret);
    }
  });

  it('ledger: GET /__sandbox/ledger?since=<seq> returns later entries as a JSON array, without auth', async () => {
    await ca(sb, 'PUT', '/user/a', { json: {} });
    const firstSeq = sb.ledger.entries()[0]!.seq;
    await ca(sb, 'PUT', '/user/b', { json: {} });
    const r = await call(sb, 'GET', `/__sandbox/ledger?since=${firstSeq}`);
    expect(r.status).toBe(200);
    const rows = arr(r.json) as unknown as LedgerEntry[];
    expect(rows.map((x) => x.identifier)).toEqual(['b']);
    const all = arr((await call(sb, 'GET', '/__sandbox/ledger')).json);
    expect(all.length).toBe(2);
  });

  it('ledger: POST /__sandbox/reset restores demo data and clears the ledger', async () => {
    await ca(sb, 'PUT', '/user/transient', { json: {} });
    expect((await ca(sb, 'GET', '/user/transient')).status).toBe(200);
    expect((await call(sb, 'POST', '/__sandbox/reset')).status).toBe(200);
    expect(sb.ledger.entries()).toEqual([]);
    expect((await ca(sb, 'GET', '/user/transient')).status).toBe(404);
  });

  it('sandbox: binds 127.0.0.1 only', () => {
    expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sb.credentials.coursepath.baseUrl).toBe(sb.url);
    expect(sb.credentials.coassemble.baseUrl).toBe(sb.url);
  });

  it('received: counts a request as it arrives, before its answer reaches the ledger (GET /__sandbox/received)', async () => {
    const slow = await startSandbox({ seed: 32, faults: 'latency:400-400' });
    try {
      const hook = async () => ((await (await fetch(`${slow.url}/__sandbox/received`)).json()) as { received: number }).received;
      expect(slow.received).toBe(0);
      expect(await hook()).toBe(0); // the hook's own requests are not counted
      const answered = cp(slow, 'GET', '/courses');
      await sandboxReceived(slow.url);
      expect(slow.received).toBe(1);
      expect(slow.ledger.entries()).toHaveLength(0); // in flight: received, not answered yet
      expect((await answered).status).toBe(200);
      expect(slow.ledger.entries()).toHaveLength(1);
      expect(await hook()).toBe(1);
      slow.reset();
      expect(await hook()).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it('sandbox: the same seed gives the same credentials; no seed gives random ones', async () => {
    const a = await startSandbox({ seed: 31 });
    const b = await startSandbox();
    const c = await startSandbox();
    try {
      expect(a.credentials.coassemble.apiKey).toBe(sb.credentials.coassemble.apiKey);
      expect(a.credentials.coursepath.apiKey).toBe(sb.credentials.coursepath.apiKey);
      expect(b.credentials.coassemble.apiKey).not.toBe(c.credentials.coassemble.apiKey);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});

describe('ledger bounds', () => {
  it('ledger: keeps the newest entries up to its limit; seqs stay consecutive and since() still works', () => {
    const l = new Ledger(3);
    for (let i = 0; i < 5; i++) l.record({ at: i, api: 'other', method: 'GET', path: `/${i}`, status: 200, outcome: 'ok' });
    expect(l.entries().map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(l.since(3).map((e) => e.seq)).toEqual([4, 5]);
    expect(l.since(0).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(l.since(5)).toEqual([]);
  });
});
