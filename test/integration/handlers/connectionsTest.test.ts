// connections.test through dispatch: one signed read per API against the real sandbox, signed as the
// runner signs; a wrong key is refused with a readable message that never carries the key.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
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
    expect(r.message).toMatch(/refused the key \(HTTP 401\)\. Check the API key/);
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
});
