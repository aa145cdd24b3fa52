// A keychain entry Bulk Desk did not write: the bare key, stored by an admin's provisioning script
// (`secret-tool store … service bulk-desk account connection:<id>`) or cut short. Bulk Desk keeps a
// connection's secret as JSON; reading such an entry failed in JSON.parse, whose message quotes the
// start of the text it could not read — the key — and that message went to the log and the error text.
// Real keychain (the worker's own service name), real SQLite, the real sandbox.
import { Entry } from '@napi-rs/keyring';
import { describe, expect, it } from 'vitest';
import { createKeychainStore } from '../../../src-main/services/credentials';
import { callOk } from '../../helpers/callOk';
import { readAllFiles } from '../../helpers/readAllFiles';
import { useTempServices } from '../../helpers/tempServices';

const KEY = 'k3yPART1xyz';

describe('a keychain entry not in Bulk Desk’s format', () => {
  const temp = useTempServices();

  it('is said to be unreadable, naming the entry and the fix, without quoting the secret', async () => {
    const logged: string[] = [];
    const s = await temp.open({ sandbox: { seed: 3 }, log: (l: string) => logged.push(l) });
    const cp = s.sandbox!.credentials.coursepath;
    const { id } = await callOk(s, 'connections.save', {
      name: 'Academy',
      baseUrl: cp.baseUrl,
      identity: { api: 'coursepath', email: cp.email },
      secret: cp.apiKey,
    });
    const service = process.env.BULKDESK_KEYCHAIN_SERVICE!;
    new Entry(service, `connection:${id}`).setPassword(KEY);
    try {
      const answer = await s.dispatch('sync.start', { connectionIds: [id] });
      if (answer.ok) throw new Error('sync.start should have been refused');
      expect(answer.error.code).toBe('CREDENTIALS');
      expect(answer.error.message).toContain(`connection ${id}`);
      expect(answer.error.message).toMatch(/connections edit/);
      const everything = [answer.error.message, ...logged, readAllFiles(temp.dir)].join('\n');
      expect(everything).not.toContain(KEY.slice(0, 6));
    } finally {
      createKeychainStore(service).delete(id);
    }
  });
});
