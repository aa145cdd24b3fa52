import { afterEach, describe, expect, it } from 'vitest';
import { parseFaults, startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { FaultInjector } from '../../../src-main/sandbox/faults';
import { ca, caKey, rawRequest } from './helpers';

const open: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
async function sandbox(faults: string, seed = 51): Promise<Sandbox> {
  const sb = await startSandbox({ seed, faults, coassembleLimit: null });
  open.push(sb);
  return sb;
}
const putUser = (sb: Sandbox, id: string, timeoutMs?: number) =>
  rawRequest(`${sb.url}/api/v1/headless/user/${id}`, {
    method: 'PUT',
    headers: { authorization: caKey(sb), 'content-type': 'application/json' },
    body: '{"metadata":{"x":1}}',
    ...(timeoutMs ? { timeoutMs } : {}),
  });

describe('sandbox fault injection', () => {
  it('faults: "500:1" answers 500 INTERNAL_SERVER_ERROR in the §4.1 envelope without doing the work', async () => {
    const sb = await sandbox('500:1');
    const r = await putUser(sb, 'f500');
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body ?? '')).toEqual({ message: 'Internal server error', error: { code: 'INTERNAL_SERVER_ERROR', status: 500 } });
    expect(sb.ledger.entries()[0]).toMatchObject({ status: 500, outcome: 'fault:500' });
  });

  it('faults: "503:1" answers 503 with Retry-After', async () => {
    const sb = await sandbox('503:1');
    const r = await putUser(sb, 'f503');
    expect(r.status).toBe(503);
    expect(Number(r.headers?.['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(sb.ledger.entries()[0]?.outcome).toBe('fault:503');
  });

  it('faults: "reset:1" destroys the socket without answering or doing the work', async () => {
    const sb = await sandbox('reset:1');
    const r = await putUser(sb, 'freset');
    expect(r.status).toBeUndefined();
    expect(r.error).toMatch(/ECONNRESET|socket hang up/);
    expect(sb.ledger.entries()[0]).toMatchObject({ status: 0, outcome: 'reset' });
  });

  it('faults: "timeout:1" never answers', async () => {
    const sb = await sandbox('timeout:1');
    const r = await putUser(sb, 'ftimeout', 300);
    expect(r.error).toBe('CLIENT_TIMEOUT');
    expect(sb.ledger.entries()[0]?.outcome).toBe('timeout');
  });

  it('faults: "lost:1" does the work, then drops the connection (the in-doubt case)', async () => {
    const sb = await sandbox('lost:1');
    const r = await putUser(sb, 'flost');
    expect(r.status).toBeUndefined();
    expect(sb.ledger.entries()[0]).toMatchObject({ status: 200, outcome: 'lost', identifier: 'flost' });
    // The upsert happened even though the client never heard back (the test hooks are never faulted).
    const state = (await (await fetch(`${sb.url}/__sandbox/state`)).json()) as { coassemble: { users: { identifier: string }[] } };
    expect(state.coassemble.users.some((u) => u.identifier === 'flost')).toBe(true);
  });

  it('faults: "latency:120-150" delays answers by that much', async () => {
    const sb = await sandbox('latency:120-150');
    const t0 = Date.now();
    const r = await putUser(sb, 'flat');
    expect(r.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(115);
    const e = sb.ledger.entries()[0];
    expect(e?.latencyMs).toBeGreaterThanOrEqual(120);
    expect(e?.latencyMs).toBeLessThanOrEqual(150);
  });

  it('faults: rates are honoured roughly and the same seed gives the same fault sequence', async () => {
    const spec = parseFaults('500:0.05,reset:0.02,503:0.01,timeout:0.01,latency:20-80');
    const seq = (seed: number) => {
      const f = new FaultInjector(spec, seed);
      return Array.from({ length: 10_000 }, () => f.next());
    };
    const a = seq(7);
    expect(seq(7)).toEqual(a);
    expect(seq(8)).not.toEqual(a);
    const count = (k: string) => a.filter((d) => d.kind === k).length;
    expect(count('500')).toBeGreaterThan(400);
    expect(count('500')).toBeLessThan(600);
    expect(count('reset')).toBeGreaterThan(130);
    expect(count('reset')).toBeLessThan(270);
    expect(a.every((d) => d.latencyMs >= 20 && d.latencyMs <= 80)).toBe(true);
  });

  it('faults: the same seed gives the same outcomes over HTTP, request by request', async () => {
    const outcomes = async () => {
      const sb = await sandbox('500:0.3,503:0.2', 77);
      const out: number[] = [];
      for (let i = 0; i < 30; i++) out.push((await ca(sb, 'GET', '/users?length=1')).status);
      return out;
    };
    const a = await outcomes();
    expect(await outcomes()).toEqual(a);
    expect(new Set(a)).toEqual(new Set([200, 500, 503]));
  });

  it('faults: an invalid spec is refused', () => {
    expect(() => parseFaults('boom:0.1')).toThrow(/unknown fault/);
    expect(() => parseFaults('500:2')).toThrow(/0..1/);
    expect(() => parseFaults('500:0.6,reset:0.6')).toThrow(/more than 1/);
    expect(() => parseFaults('latency:80-20')).toThrow();
  });

  it('faults: close() ends hanging (timeout) requests too', async () => {
    const sb = await startSandbox({ seed: 51, faults: 'timeout:1' });
    const pending = putUser(sb, 'hang');
    await new Promise((r) => setTimeout(r, 100));
    await sb.close();
    const r = await pending;
    expect(r.error).toBeDefined();
  });
});
