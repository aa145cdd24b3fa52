// A saved secret is bound to its address (issue 20, item 3): `connections.save` with an id, a new
// `baseUrl` and no `secret` used to keep the keychain entry, and `connections.test` then sent
// `COASSEMBLE:<workspace>:<the whole key>` to a listener of the caller's choosing. Real services, the real
// keychain, the sandbox as the LMS the key belongs to, and a plain node:http listener as the attacker's.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionIdentity } from '../../../src-shared/contract/api';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

/** Records every request it gets; answers 401 like an LMS that does not know the key. */
async function listener(): Promise<{ url: string; seen: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"who are you?"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('connections: a secret follows no change of address', () => {
  const temp = useTempServices();
  let evil: Awaited<ReturnType<typeof listener>> | null = null;
  afterEach(async () => {
    await evil?.close();
    evil = null;
  });

  it('re-pointing a connection without a new secret removes the stored one; the new address receives no key', async () => {
    const s = await temp.open({ sandbox: { seed: 8 } });
    const ca = s.sandbox!.credentials.coassemble;
    const identity: ConnectionIdentity = {
      api: 'coassemble',
      scheme: 'workspace',
      workspaceId: ca.workspaceId,
    };
    const saved = await callOk(s, 'connections.save', {
      name: 'Prod',
      baseUrl: ca.baseUrl,
      identity,
      secret: ca.apiKey,
    });
    expect(saved).toMatchObject({ hasSecret: true, secretState: 'stored', secretRemoved: false });
    expect((await callOk(s, 'connections.test', { id: saved.id })).ok).toBe(true); // the key works where it was given

    // A rename, or the same address with a trailing slash, keeps it.
    const renamed = await callOk(s, 'connections.save', {
      id: saved.id,
      name: 'Prod (EU)',
      baseUrl: `${ca.baseUrl}/`,
      identity,
    });
    expect(renamed).toMatchObject({ hasSecret: true, secretRemoved: false });

    evil = await listener();
    const moved = await callOk(s, 'connections.save', {
      id: saved.id,
      name: 'Prod (EU)',
      baseUrl: evil.url,
      identity,
    });
    expect(moved).toMatchObject({
      baseUrl: evil.url,
      hasSecret: false,
      secretState: 'missing',
      secretRemoved: true,
    });
    expect(s.credentials.get(saved.id)).toBeNull(); // gone from the keychain itself

    const test = await callOk(s, 'connections.test', { id: saved.id });
    expect(test.ok).toBe(false);
    expect(test.message).toMatch(/No secret is stored .* needs its API key or token before it can send/);
    expect(evil.seen).toEqual([]); // not even a request without the key
    expect(JSON.stringify(evil.seen)).not.toContain(ca.apiKey);

    // Given a secret with the change, that secret (and only it) is what the new address gets.
    const fresh = 'f'.repeat(64);
    await callOk(s, 'connections.save', {
      id: saved.id,
      name: 'Prod (EU)',
      baseUrl: evil.url,
      identity,
      secret: fresh,
    });
    await callOk(s, 'connections.test', { id: saved.id });
    expect(evil.seen.map((h) => h.authorization)).toEqual([`COASSEMBLE:${ca.workspaceId}:${fresh}`]);
  });

  it('changing the account (workspace id or acting user) without a new secret removes it too', async () => {
    const s = await temp.open({ sandbox: { seed: 8 } });
    const ca = s.sandbox!.credentials.coassemble;
    const cp = s.sandbox!.credentials.coursepath;
    const a = await callOk(s, 'connections.save', {
      name: 'Workspace',
      baseUrl: ca.baseUrl,
      identity: { api: 'coassemble', scheme: 'workspace', workspaceId: ca.workspaceId },
      secret: ca.apiKey,
    });
    const other = await callOk(s, 'connections.save', {
      id: a.id,
      name: 'Workspace',
      baseUrl: ca.baseUrl,
      identity: { api: 'coassemble', scheme: 'workspace', workspaceId: '999' },
    });
    expect(other).toMatchObject({ hasSecret: false, secretRemoved: true });

    const b = await callOk(s, 'connections.save', {
      name: 'Academy',
      baseUrl: cp.baseUrl,
      identity: { api: 'coursepath', email: cp.email },
      secret: cp.apiKey,
    });
    const asSomeoneElse = await callOk(s, 'connections.save', {
      id: b.id,
      name: 'Academy',
      baseUrl: cp.baseUrl,
      identity: { api: 'coursepath', email: 'someone.else@example.com' },
    });
    expect(asSomeoneElse).toMatchObject({ hasSecret: false, secretRemoved: true });
    expect((await callOk(s, 'connections.list', {})).find((c) => c.id === b.id)?.secretState).toBe('missing');
  });
});
