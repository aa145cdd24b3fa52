// A connection's account — the Coursepath email, the Coassemble workspace id or (retired scheme) user id — is
// stored in SQLite and shown as typed, like its address and name (connectionsBaseUrl.test.ts): a secret
// pasted there as well (or instead) was saved in clear. Such a save is refused, naming the field, never
// repeating what it holds. Real services, the real keychain and SQLite file.
import { describe, expect, it } from 'vitest';
import { upsertConnection } from '../../../src-main/db/connections';
import type { ConnectionIdentity } from '../../../src-shared/contract/api';
import { callOk } from '../../helpers/callOk';
import { readAllFiles } from '../../helpers/readAllFiles';
import { useTempServices } from '../../helpers/tempServices';

const CP_SECRET = 'hunter2-academy-signing-secret';
const KEY = '1234567890'.repeat(6) + '1234'; // a workspace key of digits only: a workspace id as zod reads it
const TOKEN = 'legacy-user-token-0123';

describe('connections: the secret typed into the account field', () => {
  const temp = useTempServices();

  it('is refused in the email, workspace id or user id, new or edited, never echoed', async () => {
    const s = await temp.open({ sandbox: false });
    const tries: { input: Parameters<typeof s.dispatch>[1]; field: string }[] = [
      {
        input: {
          name: 'Acme',
          baseUrl: 'https://acme.coursepath.com',
          identity: { api: 'coursepath', email: `${CP_SECRET}@acme.example` },
          secret: CP_SECRET,
        },
        field: 'identity.email',
      },
      {
        input: {
          name: 'Acme',
          baseUrl: 'https://acme.coursepath.com',
          identity: { api: 'coursepath', email: `${'b'.repeat(64)}@acme.example` },
          secret: CP_SECRET,
        },
        field: 'identity.email',
      },
      {
        input: {
          name: 'Prod',
          baseUrl: 'https://api.coassemble.com',
          identity: { api: 'coassemble', scheme: 'workspace', workspaceId: KEY },
          secret: KEY,
        },
        field: 'identity.workspaceId',
      },
    ];
    for (const { input, field } of tries) {
      const r = await s.dispatch('connections.save', input);
      expect(r.ok, field).toBe(false);
      if (r.ok) continue;
      expect(r.error.details?.field).toBe(field);
      expect(r.error.message).toMatch(/^(email|workspace id): it holds /);
      for (const secret of [CP_SECRET, KEY, 'b'.repeat(64)]) expect(r.error.message).not.toContain(secret);
    }
    expect(await callOk(s, 'connections.list', {})).toEqual([]);

    // A connection of the retired scheme, saved by an earlier version, edited with its token as user id.
    const identity: ConnectionIdentity = { api: 'coassemble', scheme: 'legacy', userId: '42' };
    upsertConnection(s.db, {
      id: 'legacy-1',
      name: 'Old style',
      api: 'coassemble',
      baseUrl: 'https://api.coassemble.com',
      identity,
      isSandbox: false,
      createdAt: 1,
    });
    s.credentials.set('legacy-1', { api: 'coassemble', scheme: 'legacy', userId: '42', userToken: TOKEN });
    for (const secret of [undefined, TOKEN]) {
      const r = await s.dispatch('connections.save', {
        id: 'legacy-1',
        name: 'Old style',
        baseUrl: 'https://api.coassemble.com',
        identity: { ...identity, userId: TOKEN },
        ...(secret ? { secret } : {}),
      });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.details?.field).toBe('identity.userId');
      expect(r.error.message).toMatch(/^user id: it holds the connection's secret/);
      expect(r.error.message).not.toContain(TOKEN);
    }
    await s.close();
    const files = readAllFiles(temp.dir);
    for (const secret of [CP_SECRET, KEY, TOKEN]) expect(files).not.toContain(secret);
  });
});
