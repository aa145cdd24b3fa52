import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { call, cpToken, obj } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 11, jwtWindowSeconds: 120 });
});
afterAll(() => sb.close());

const me = (auth: string | null) => call(sb, 'GET', '/api/v1/members/me', { auth });
const now = () => Math.floor(Date.now() / 1000);

describe('coursepath §2a JWT auth', () => {
  it('coursepath §2a: a fresh HS256 token signed with the academy secret is accepted', async () => {
    const r = await me(cpToken(sb));
    expect(r.status).toBe(200);
    expect(obj(r.json).email).toBe(sb.credentials.coursepath.email);
  });

  it('coursepath §2a: a numeric jti and integer iat (the PHP sample) are accepted', async () => {
    expect((await me(cpToken(sb, { jti: Math.floor(Math.random() * 2 ** 31) }))).status).toBe(200);
  });

  it('coursepath §2a: only HS256 — HS512 and alg "none" are rejected with 401', async () => {
    expect((await me(cpToken(sb, {}, 'HS512'))).status).toBe(401);
    const h = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'none' })).toString('base64url');
    const p = Buffer.from(JSON.stringify({ jti: 'x-none', iat: now(), email: sb.credentials.coursepath.email })).toString('base64url');
    expect((await me(`Bearer ${h}.${p}.`)).status).toBe(401);
  });

  it('coursepath §2a: a token signed with another secret is rejected with 401', async () => {
    const r = await me(cpToken(sb, {}, 'HS256', 'not-the-secret'));
    expect(r.status).toBe(401);
    expect(obj(r.json).error).toBe('unauthorized');
  });

  it('coursepath §2a: a tampered payload fails the signature check', async () => {
    const token = cpToken(sb).slice(7);
    const [h, , s] = token.split('.');
    const p = Buffer.from(JSON.stringify({ jti: 'tamper', iat: now(), email: 'someone@else.test' })).toString('base64url');
    expect((await me(`Bearer ${h}.${p}.${s}`)).status).toBe(401);
  });

  it.each(['email', 'iat', 'jti'])('coursepath §2a: claim "%s" is required (401 without it)', async (claim) => {
    expect((await me(cpToken(sb, { [claim]: undefined }))).status).toBe(401);
  });

  it('coursepath §2a: an iat older than the window ("a couple of minutes") is rejected', async () => {
    expect((await me(cpToken(sb, { iat: now() - 121 }))).status).toBe(401);
    expect((await me(cpToken(sb, { iat: now() - 100 }))).status).toBe(200);
  });

  it('coursepath §2a: an iat too far in the future is rejected', async () => {
    expect((await me(cpToken(sb, { iat: now() + 3600 }))).status).toBe(401);
    expect((await me(cpToken(sb, { iat: now() + 5 }))).status).toBe(200);
  });

  it('coursepath §2a: each jti can be used only once — a replay is rejected with 401', async () => {
    const token = cpToken(sb);
    expect((await me(token)).status).toBe(200);
    const replay = await me(token);
    expect(replay.status).toBe(401);
    expect(String(obj(replay.json).message)).toMatch(/jti/);
  });

  it('coursepath §2a: a replay with the same jti in a new token is also rejected', async () => {
    expect((await me(cpToken(sb, { jti: 508870138 }))).status).toBe(200);
    expect((await me(cpToken(sb, { jti: '508870138' }))).status).toBe(401);
  });

  it('coursepath §2a: the Bearer scheme is required; a missing header is 401', async () => {
    expect((await me(null)).status).toBe(401);
    const token = cpToken(sb).slice(7);
    expect((await me(`Token ${token}`)).status).toBe(401);
  });

  it('coursepath §2a: the call acts as the member named in "email"; an unknown email is 401', async () => {
    const r = await me(cpToken(sb, { email: 'nobody@nowhere.test' }));
    expect(r.status).toBe(401);
  });

  it('coursepath §2a: HMAC is over base64url(header).base64url(claims) without padding', async () => {
    const h = Buffer.from('{"typ":"JWT","alg":"HS256"}').toString('base64url');
    const p = Buffer.from(JSON.stringify({ jti: 'manual-1', iat: now(), email: sb.credentials.coursepath.email })).toString('base64url');
    const s = createHmac('sha256', sb.credentials.coursepath.apiKey).update(`${h}.${p}`).digest('base64url');
    expect(s).not.toMatch(/=/);
    expect((await me(`Bearer ${h}.${p}.${s}`)).status).toBe(200);
  });
});
