// connections.test through dispatch: one signed read per API against the real sandbox, signed as the
// runner signs; a wrong key is refused with a readable message that never carries the key.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { upsertConnection } from '../../../src-main/db/connections';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

describe('connections.test', () => {
  const temp = useTempServices();
  const open = (): Promise<Services> => temp.open({ sandbox: { seed: 7 } });

  it('Coursepath: GET /members/me with a fresh JWT says who the key signs in as', async () => {
    const s = await open();
    const r = await callOk(s, 'connections.test', { id: SANDBOX_COURSEPATH_ID });
    expect(r).toMatchObject({ ok: true, status: 200 });
    expect(r.message).toContain(s.sandbox!.credentials.coursepath.email);
    expect(r.url).toBe(`${s.sandbox!.credentials.coursepath.baseUrl}/api/v1/members/me`);
    const sent = s.sandbox!.ledger.entries();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'GET', path: '/api/v1/members/me', status: 200 });
    expect(sent[0]!.jti).toBeTruthy(); // a real, single-use token
    // A second test signs again (a replayed jti would be refused).
    expect((await callOk(s, 'connections.test', { id: SANDBOX_COURSEPATH_ID })).ok).toBe(true);
  });

  it('Coassemble: lists one course', async () => {
    const s = await open();
    const r = await callOk(s, 'connections.test', { id: SANDBOX_COASSEMBLE_ID });
    expect(r).toMatchObject({ ok: true, status: 200 });
    expect(r.message).toMatch(/^Connected to workspace \d+/);
    const [e] = s.sandbox!.ledger.entries();
    expect(e).toMatchObject({ method: 'GET', path: '/api/v1/headless/courses', status: 200 });
    expect(e!.query).toContain('length=1');
  });

  it('a wrong key is refused with a message that names what to check and never shows the key', async () => {
    const s = await open();
    const wrongKey = 'not-the-right-signing-secret-12345';
    const saved = await callOk(s, 'connections.save', {
      name: 'Wrong key',
      baseUrl: s.sandbox!.credentials.coursepath.baseUrl,
      identity: { api: 'coursepath', email: s.sandbox!.credentials.coursepath.email },
      secret: wrongKey,
    });
    const r = await callOk(s, 'connections.test', { id: saved.id });
    expect(r).toMatchObject({ ok: false, status: 401 });
    // It names the secret that failed and where the right one is (issue 14: the JWT SSO secret, not a personal API key).
    expect(r.message).toMatch(
      /^401: the academy did not accept the JWT: check you pasted the JWT SSO secret \(Setup → JWT SSO\), not a personal API key/,
    );
    expect(JSON.stringify(r)).not.toContain(wrongKey);

    const hex = 'ab'.repeat(32);
    const ca = await callOk(s, 'connections.save', {
      name: 'Wrong workspace key',
      baseUrl: s.sandbox!.credentials.coassemble.baseUrl,
      identity: { api: 'coassemble', scheme: 'workspace', workspaceId: s.sandbox!.credentials.coassemble.workspaceId },
      secret: hex,
    });
    const r2 = await callOk(s, 'connections.test', { id: ca.id });
    expect(r2.ok).toBe(false);
    expect(r2.status).toBe(401);
    expect(r2.message).toMatch(/^401: Coassemble did not accept the workspace API key: check the key \(Developer → API keys/);
    expect(JSON.stringify(r2)).not.toContain(hex);
    s.credentials.delete(saved.id);
    s.credentials.delete(ca.id);
  });

  it('nothing listening: no status, a network message; an unknown id is NOT_FOUND', async () => {
    const s = await open();
    const saved = await callOk(s, 'connections.save', {
      name: 'Nowhere',
      baseUrl: 'http://127.0.0.1:1',
      identity: { api: 'coursepath', email: 'admin@example.com' },
      secret: 'whatever-secret',
    });
    const r = await callOk(s, 'connections.test', { id: saved.id });
    expect(r).toMatchObject({ ok: false, status: null });
    expect(r.message).toMatch(/Could not reach 127\.0\.0\.1:1/);
    const missing = await s.dispatch('connections.test', { id: 'nope' });
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');
    s.credentials.delete(saved.id);
  });

  it('keeps each connection\'s last test result in SQLite (ok, status, message, at) and shows it on the list, also after a restart', async () => {
    const s = await open();
    const saved = await callOk(s, 'connections.save', {
      name: 'Typo academy',
      baseUrl: s.sandbox!.credentials.coursepath.baseUrl,
      identity: { api: 'coursepath', email: s.sandbox!.credentials.coursepath.email },
      secret: 'a-personal-api-key-not-the-jwt-secret',
    });
    expect(saved.lastTest).toBeNull();
    await callOk(s, 'connections.test', { id: saved.id });
    await callOk(s, 'connections.test', { id: SANDBOX_COURSEPATH_ID });
    const reopened = await temp.reopen({ sandbox: { seed: 7 } });
    const list = await callOk(reopened, 'connections.list', {});
    const bad = list.find((c) => c.id === saved.id)!;
    expect(bad.lastTest).toMatchObject({ ok: false, status: 401 });
    expect(bad.lastTest!.message).toContain('JWT SSO secret');
    expect(bad.lastTest!.at).toBeGreaterThan(0);
    expect(list.find((c) => c.id === SANDBOX_COURSEPATH_ID)!.lastTest).toMatchObject({ ok: true, status: 200 });
    // A new secret: the old result says nothing about it any more.
    const fixed = await callOk(reopened, 'connections.save', {
      id: saved.id,
      name: 'Typo academy',
      baseUrl: bad.baseUrl,
      identity: bad.identity,
      secret: reopened.sandbox!.credentials.coursepath.apiKey,
    });
    expect(fixed.lastTest).toBeNull();
    reopened.credentials.delete(saved.id);
  });

  it('the retired Coassemble User id + token scheme: a new connection cannot choose it; one already saved still loads, says it is retired, and may be renamed', async () => {
    const s = await open();
    const refused = await s.dispatch('connections.save', {
      name: 'Old style',
      baseUrl: s.sandbox!.credentials.coassemble.baseUrl,
      identity: { api: 'coassemble', scheme: 'legacy', userId: '42' },
      secret: 'token',
    });
    expect(!refused.ok && refused.error).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'identity' } });
    expect(!refused.ok && refused.error.message).toMatch(/retired/);
    // A database from before: the row is there with a legacy identity (written as an older version did).
    upsertConnection(s.db, {
      id: 'legacy-1',
      name: 'Old style',
      api: 'coassemble',
      baseUrl: s.sandbox!.credentials.coassemble.baseUrl,
      identity: { api: 'coassemble', scheme: 'legacy', userId: s.sandbox!.credentials.coassemble.userId },
      isSandbox: false,
      createdAt: 1,
    });
    s.credentials.set('legacy-1', {
      api: 'coassemble',
      scheme: 'legacy',
      userId: s.sandbox!.credentials.coassemble.userId,
      userToken: s.sandbox!.credentials.coassemble.userToken,
    });
    const listed = (await callOk(s, 'connections.list', {})).find((c) => c.id === 'legacy-1')!;
    expect(listed.identity).toMatchObject({ scheme: 'legacy' });
    // The sandbox, like Coassemble today, refuses the retired header: the test says so and what to do.
    const t = await callOk(s, 'connections.test', { id: 'legacy-1' });
    expect(t).toMatchObject({ ok: false, status: 401 });
    expect(t.message).toMatch(/retired: keys issued today cannot use it\. Create a workspace API key/);
    const renamed = await callOk(s, 'connections.save', {
      id: 'legacy-1',
      name: 'Old style (to replace)',
      baseUrl: listed.baseUrl,
      identity: listed.identity,
    });
    expect(renamed.name).toBe('Old style (to replace)');
    s.credentials.delete('legacy-1');
  });
});
