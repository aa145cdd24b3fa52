// Real keychain (gnome-keyring over D-Bus, started by scripts/test.sh) and a real SQLite file.
import { Entry } from '@napi-rs/keyring';
import { describe, expect, it } from 'vitest';
import { readAllFiles } from '../../helpers/readAllFiles';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

const SERVICE = process.env.BULKDESK_KEYCHAIN_SERVICE ?? 'bulk-desk';

describe('connection secrets', () => {
  const temp = useTempServices();

  it('puts the API key in the OS keychain and nowhere in the SQLite file', async () => {
    const services = await temp.open({ sandbox: false });
    const secret = 'cp-secret-' + 'x7q'.repeat(10);
    const saved = await callOk(services, 'connections.save', {
      name: 'Acme academy',
      baseUrl: 'https://acme.coursepath.com',
      identity: { api: 'coursepath', email: 'admin@acme.example' },
      secret,
    });
    expect(saved).not.toHaveProperty('secret');
    expect(JSON.stringify(saved)).not.toContain(secret);
    expect(saved.hasSecret).toBe(true);

    // In the keychain, under our service name, read back through the keyring library itself.
    const stored = new Entry(SERVICE, `connection:${saved.id}`).getPassword();
    expect(stored).toContain(secret);

    // Not in the database file, its WAL, or anything else in the data folder.
    services.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readAllFiles(temp.dir);
    expect(bytes).toContain('Acme academy'); // the scan does see the database's contents
    expect(bytes).not.toContain(secret);

    // Listing never carries it either.
    const list = await services.dispatch('connections.list', {});
    expect(JSON.stringify(list)).not.toContain(secret);

    // Deleting the connection removes the keychain entry.
    await callOk(services, 'connections.delete', { id: saved.id, confirm: 'DELETE connection Acme academy' });
    expect(new Entry(SERVICE, `connection:${saved.id}`).getPassword()).toBeFalsy();
  });

  it('rejects a malformed Coassemble key naming the field, and saves nothing', async () => {
    const services = await temp.open({ sandbox: false });
    const r = await services.dispatch('connections.save', {
      name: 'Coassemble',
      baseUrl: 'https://api.coassemble.com',
      identity: { api: 'coassemble', scheme: 'workspace', workspaceId: '123' },
      secret: 'not-a-key',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/secret/);
    expect(r.error.message).not.toContain('not-a-key');
    const list = await services.dispatch('connections.list', {});
    expect(list.ok && list.value).toEqual([]);
  });
});
