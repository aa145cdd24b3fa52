import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { ca, caKey, cp, rawRequest } from './helpers';

const open: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
async function sandbox(opts: Parameters<typeof startSandbox>[0]): Promise<Sandbox> {
  const sb = await startSandbox(opts);
  open.push(sb);
  return sb;
}

describe('coassemble §4.2 rate limit', () => {
  it('coassemble §4.2: the 101st request in a rolling minute gets 429 with Retry-After (default 100/min)', async () => {
    const sb = await sandbox({ seed: 41 });
    for (let i = 0; i < 100; i++) {
      const r = await ca(sb, 'GET', '/users?length=1');
      expect(r.status).toBe(200);
    }
    const r = await ca(sb, 'GET', '/users?length=1');
    expect(r.status).toBe(429);
    const retry = Number(r.headers.get('retry-after'));
    expect(Number.isInteger(retry)).toBe(true);
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(r.json).toEqual({ message: 'Too many requests', error: { code: 'TOO_MANY_REQUESTS', status: 429 } });
    expect(sb.ledger.entries().at(-1)?.outcome).toBe('rate_limited');
  });

  it('coassemble §4.2: no X-RateLimit-* headers are emitted', async () => {
    const sb = await sandbox({ seed: 41, coassembleLimit: { requests: 1, windowMs: 60_000 } });
    const ok = await ca(sb, 'GET', '/users');
    const limited = await ca(sb, 'GET', '/users');
    for (const r of [ok, limited]) {
      expect([...r.headers.keys()].filter((k) => k.startsWith('x-ratelimit'))).toEqual([]);
    }
  });

  it('coassemble §4.2: the window is rolling — budget comes back as old requests age out (scaled-down window)', async () => {
    const sb = await sandbox({ seed: 41, coassembleLimit: { requests: 3, windowMs: 600 } });
    for (let i = 0; i < 3; i++) expect((await ca(sb, 'GET', '/users')).status).toBe(200);
    const limited = await ca(sb, 'GET', '/users');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    await new Promise((r) => setTimeout(r, 650));
    expect((await ca(sb, 'GET', '/users')).status).toBe(200);
  });

  it('coassemble §4.2: the limit is per client IP — another address has its own budget', async () => {
    const sb = await sandbox({ seed: 41, coassembleLimit: { requests: 2, windowMs: 60_000 } });
    const get = (localAddress: string) =>
      rawRequest(`${sb.url}/api/v1/headless/users`, { headers: { authorization: caKey(sb) }, localAddress });
    expect((await get('127.0.0.1')).status).toBe(200);
    expect((await get('127.0.0.1')).status).toBe(200);
    expect((await get('127.0.0.1')).status).toBe(429);
    expect((await get('127.0.0.2')).status).toBe(200);
  });

  it('coassemble §4.2: requests with a bad credential use the same per-IP budget; rejected ones do not', async () => {
    const sb = await sandbox({ seed: 41, coassembleLimit: { requests: 2, windowMs: 60_000 } });
    expect((await ca(sb, 'GET', '/users', { auth: 'Bearer x' })).status).toBe(401);
    expect((await ca(sb, 'GET', '/users')).status).toBe(200);
    expect((await ca(sb, 'GET', '/users')).status).toBe(429);
    expect((await ca(sb, 'GET', '/users')).status).toBe(429);
  });

  it('coassemble §4.2: coassembleLimit null means unlimited', async () => {
    const sb = await sandbox({ seed: 41, coassembleLimit: null });
    const statuses = await Promise.all(Array.from({ length: 150 }, () => ca(sb, 'GET', '/users?length=1').then((r) => r.status)));
    expect(new Set(statuses)).toEqual(new Set([200]));
  });

  it('coursepath §6: no limit by default; an optional limit answers 429 with Retry-After', async () => {
    const free = await sandbox({ seed: 42 });
    const statuses = await Promise.all(Array.from({ length: 120 }, () => cp(free, 'GET', '/members/me').then((r) => r.status)));
    expect(new Set(statuses)).toEqual(new Set([200]));
    const limited = await sandbox({ seed: 42, coursepathLimit: { requests: 2, windowMs: 5_000 } });
    await cp(limited, 'GET', '/members/me');
    await cp(limited, 'GET', '/members/me');
    const r = await cp(limited, 'GET', '/members/me');
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(r.json).toMatchObject({ error: 'too_many_requests' });
  });
});
