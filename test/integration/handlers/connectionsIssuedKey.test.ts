// A Coassemble key pasted whole, as it is issued: `COASSEMBLE:<workspace id>:<key>`. The workspace in it
// is the one the key works for; a connection saved for another workspace signs every request with that
// other number and is refused (401) for ever, while Test blames the key. Real services, keychain, SQLite.
import { describe, expect, it } from 'vitest';
import type { ConnectionIdentity } from '../../../src-shared/contract/api';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

const KEY = 'c'.repeat(64);
const identity: ConnectionIdentity = { api: 'coassemble', scheme: 'workspace', workspaceId: '42' };

describe('connections: a Coassemble key pasted as issued', () => {
  const temp = useTempServices();

  it('is refused when the workspace in it is not the connection’s, naming both and never the key; nothing is saved', async () => {
    const s = await temp.open({ sandbox: false });
    const r = await s.dispatch('connections.save', {
      name: 'Prod',
      baseUrl: 'https://api.coassemble.com',
      identity,
      secret: `COASSEMBLE:123:${KEY}`,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_INPUT');
    expect(r.error.message).toMatch(/^secret: this key is issued for workspace 123, but the connection's workspace id is 42/);
    expect(r.error.message).not.toContain(KEY);
    expect(await callOk(s, 'connections.list', {})).toEqual([]);
  });

  it('is kept as its key part when the workspace matches, whatever the case of its prefix', async () => {
    const s = await temp.open({ sandbox: false });
    for (const [name, secret] of [
      ['Upper', `COASSEMBLE:42:${KEY}`],
      ['Lower', `coassemble:42:${KEY}`],
    ] as const) {
      const c = await callOk(s, 'connections.save', { name, baseUrl: 'https://api.coassemble.com', identity, secret });
      expect(s.credentials.get(c.id)).toMatchObject({ api: 'coassemble', scheme: 'workspace', workspaceId: '42', apiKey: KEY });
      s.credentials.delete(c.id);
    }
  });

  it('a secret with a line break inside (two lines pasted) is refused, never echoed; one with spaces inside is kept', async () => {
    const s = await temp.open({ sandbox: false });
    const r = await s.dispatch('connections.save', {
      name: 'Academy',
      baseUrl: 'https://academy1.coursepath.com',
      identity: { api: 'coursepath', email: 'admin@acme.com' },
      secret: 'jwt-secret-part-one\r\njwt-secret-part-two\n',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/^secret: it holds a line break inside/);
    expect(r.error.message).not.toContain('jwt-secret-part');
    expect(await callOk(s, 'connections.list', {})).toEqual([]);
    const spaced = await callOk(s, 'connections.save', {
      name: 'Academy',
      baseUrl: 'https://academy1.coursepath.com',
      identity: { api: 'coursepath', email: 'admin@acme.com' },
      secret: '  a pass phrase  ',
    });
    expect(s.credentials.get(spaced.id)).toMatchObject({ api: 'coursepath', apiKey: 'a pass phrase' });
    s.credentials.delete(spaced.id);
  });
});
