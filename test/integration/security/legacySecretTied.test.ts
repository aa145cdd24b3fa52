// A secret is kept with the address and account it was given for, and a connection pointing elsewhere (a
// restored backup, a copied data folder) sends nothing with it (restoredSecret.test.ts). Entries written
// before that was kept had none, and were sent wherever their connection pointed, for good. The first time
// such a secret is read for sending, it is tied to where its connection points then (written back with
// `givenFor`, the secret unchanged) — when the keychain takes the write; else it is read as before.
// Real services, the real keychain and SQLite file, a plain node:http listener as the LMS.
import { Entry } from '@napi-rs/keyring';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeychainStore } from '../../../src-main/services/credentials';
import type { ConnectionIdentity } from '../../../src-shared/contract/api';
import { callOk } from '../../helpers/callOk';
import { signedRequestsLms, type SignedRequestsLms } from '../../helpers/signedRequestsLms';
import { useTempServices } from '../../helpers/tempServices';

const SERVICE = process.env.BULKDESK_KEYCHAIN_SERVICE ?? 'bulk-desk';
const cp: ConnectionIdentity = { api: 'coursepath', email: 'admin@acme.test' };
const entry = (id: string) => new Entry(SERVICE, `connection:${id}`, { linux: { store: 'secret-service' } });
/** The entry as an earlier version wrote it: the secret alone. */
const LEGACY = JSON.stringify({ api: 'coursepath', apiKey: 'academy-signing-secret-0123456789' });

describe('a secret kept before its address was', () => {
  const temp = useTempServices();
  let lms: SignedRequestsLms | null = null;
  afterEach(async () => {
    await lms?.close();
    lms = null;
  });
  const listen = async () => {
    lms = await signedRequestsLms();
    return lms.origin;
  };
  const seen = () => lms!.seen;

  it('is tied to the address it is first sent to, unchanged, and then sent nowhere else', async () => {
    const origin = await listen();
    const s = await temp.open({ sandbox: false });
    const saved = await callOk(s, 'connections.save', {
      name: 'Acme',
      baseUrl: `${origin}/academy`,
      identity: cp,
      secret: 'academy-signing-secret-0123456789',
    });
    entry(saved.id).setPassword(LEGACY);

    expect((await callOk(s, 'connections.test', { id: saved.id })).ok).toBe(true);
    expect(seen()).toEqual(['/academy/api/v1/members/me signed']);
    expect(JSON.parse(entry(saved.id).getPassword()!)).toEqual({
      ...(JSON.parse(LEGACY) as object),
      givenFor: { baseUrl: `${origin}/academy`, identity: cp },
    });

    // The database changes under the keychain (a backup from when it pointed elsewhere): nothing is sent.
    s.db.prepare('UPDATE connections SET base_url = ? WHERE id = ?').run(`${origin}/other`, saved.id);
    seen().length = 0;
    const r = await s.dispatch('connections.test', { id: saved.id });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/was given for .*\/academy \(admin@acme\.test\)/);
    expect(seen()).toEqual([]);
  });

  it('is read as before when the keychain refuses the write', async () => {
    const origin = await listen();
    const keychain = createKeychainStore(SERVICE);
    const refusing = {
      ...keychain,
      set: () => {
        throw new Error('the keychain refuses writes');
      },
    };
    const saved = await callOk(await temp.open({ sandbox: false }), 'connections.save', {
      name: 'Acme',
      baseUrl: `${origin}/academy`,
      identity: cp,
      secret: 'academy-signing-secret-0123456789',
    });
    entry(saved.id).setPassword(LEGACY);
    const r = await temp.reopen({ sandbox: false, credentials: refusing });
    expect((await callOk(r, 'connections.test', { id: saved.id })).ok).toBe(true);
    expect(seen()).toEqual(['/academy/api/v1/members/me signed']);
    expect(entry(saved.id).getPassword()).toBe(LEGACY);
  });
});
