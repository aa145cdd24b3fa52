import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { cp, obj } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 12 });
});
afterAll(() => sb.close());

describe('coursepath §8.3 create member', () => {
  it('coursepath §8.3: POST /members with a form-urlencoded body creates the member (201, numeric id)', async () => {
    const r = await cp(sb, 'POST', '/members', { form: { email: 'ada.lovelace@example.com', company: 'Analytical', country: 'GB' } });
    expect(r.status).toBe(201);
    const m = obj(r.json);
    expect(typeof m.id).toBe('number');
    expect(m.id as number).toBeGreaterThan(1_000_000);
    expect(m).toMatchObject({ email: 'ada.lovelace@example.com', company: 'Analytical', country: 'GB', firstname: 'Ada', lastname: 'Lovelace' });
  });

  it('coursepath §8.3: POST /members accepts a JSON body too', async () => {
    const r = await cp(sb, 'POST', '/members', { json: { email: 'grace@example.com', name: 'Grace Hopper', externalId: 'X-1' } });
    expect(r.status).toBe(201);
    expect(obj(r.json)).toMatchObject({ name: 'Grace Hopper', firstname: 'Grace', lastname: 'Hopper', externalId: 'X-1' });
  });

  it('coursepath §8.3: email is the only required parameter — 400 missing_parameter without it (emulator-defined body)', async () => {
    const r = await cp(sb, 'POST', '/members', { form: { name: 'No Email' } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: 'missing_parameter', message: 'email is required' });
    const empty = await cp(sb, 'POST', '/members', { json: { email: '  ' } });
    expect(empty.status).toBe(400);
  });

  it('coursepath §8.3: without a name, the name is derived from the email address', async () => {
    const r = await cp(sb, 'POST', '/members', { form: { email: 'john.smith@example.com' } });
    expect(obj(r.json)).toMatchObject({ name: 'John Smith', firstname: 'John', lastname: 'Smith' });
  });

  it('coursepath §8.3: a duplicate email answers 200 with the existing member, unchanged (default, [GAP] choice)', async () => {
    const first = obj((await cp(sb, 'POST', '/members', { form: { email: 'dup@example.com', company: 'One' } })).json);
    const again = await cp(sb, 'POST', '/members', { form: { email: 'DUP@example.com', company: 'Two' } });
    expect(again.status).toBe(200);
    expect(obj(again.json)).toMatchObject({ id: first.id, company: 'One' });
  });

  it('coursepath §8.3: with duplicateMember "conflict" a duplicate email answers 409 with the existing id', async () => {
    const other = await startSandbox({ seed: 12, duplicateMember: 'conflict' });
    try {
      const first = obj((await cp(other, 'POST', '/members', { form: { email: 'dup@example.com' } })).json);
      const again = await cp(other, 'POST', '/members', { form: { email: 'dup@example.com' } });
      expect(again.status).toBe(409);
      expect(obj(again.json)).toMatchObject({ error: 'member_exists', id: first.id });
    } finally {
      await other.close();
    }
  });

  it('coursepath §8.3: an invalid email is a 400', async () => {
    expect((await cp(sb, 'POST', '/members', { form: { email: 'not-an-email' } })).status).toBe(400);
  });
});
