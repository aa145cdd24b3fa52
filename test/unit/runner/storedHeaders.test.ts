// The headers stored with each attempt are serialized once per job and reused: the reuse must never hand
// back another request's headers, and the Authorization kept is always the redacted placeholder.
import { describe, expect, it } from 'vitest';
import type { BuiltRequest } from '../../../src-shared/mapping/types';
import { storedHeadersOf } from '../../../src-main/runner/storedHeaders';

const built = (headers: Record<string, string>): BuiltRequest =>
  ({ method: 'POST', pathAndQuery: '/api/v1/members', headers, body: '' }) as BuiltRequest;

describe('storedHeadersOf', () => {
  const stored = storedHeadersOf({ api: 'coursepath', email: 'admin@example.com' });

  it('stores the headers with the Authorization redacted', () => {
    const json = JSON.parse(stored(built({ Accept: 'application/json', Authorization: 'Bearer secret' })));
    expect(json.Accept).toBe('application/json');
    expect(json.Authorization).not.toContain('secret');
  });

  it('serializes again when a value, an entry or the order changes', () => {
    const a = stored(built({ Accept: 'application/json', 'Content-Type': 'application/json' }));
    expect(stored(built({ Accept: 'application/json', 'Content-Type': 'application/json' }))).toBe(a);
    const b = stored(built({ Accept: 'application/json', 'Content-Type': 'text/csv' }));
    expect(JSON.parse(b)['Content-Type']).toBe('text/csv');
    const c = stored(built({ Accept: 'application/json' }));
    expect(JSON.parse(c)).not.toHaveProperty('Content-Type');
    const d = stored(built({ Accept: 'application/json', 'X-Extra': '1' }));
    expect(JSON.parse(d)['X-Extra']).toBe('1');
    const e = stored(built({ 'X-Extra': '1', Accept: 'application/json' }));
    expect(Object.keys(JSON.parse(e)).slice(0, 2)).toEqual(['X-Extra', 'Accept']);
  });

  it("labels the Authorization by the connection's scheme: the retired User id + token one is not shown as a workspace key", () => {
    const old = storedHeadersOf({ api: 'coassemble', scheme: 'legacy', userId: '42' });
    expect(JSON.parse(old(built({ Accept: 'application/json' }))).Authorization).toBe(
      'COASSEMBLE-V1-SHA256 UserId=<user id>, UserToken=•••• (from keychain)',
    );
    const workspace = storedHeadersOf({ api: 'coassemble', scheme: 'workspace', workspaceId: '4242' });
    expect(JSON.parse(workspace(built({ Accept: 'application/json' }))).Authorization).toBe(
      'COASSEMBLE:<workspace>:•••• (from keychain)',
    );
  });
});
