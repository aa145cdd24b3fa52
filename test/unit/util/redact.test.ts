import { describe, expect, it } from 'vitest';
import { redact, redactedAuthorization, redactHeaders } from '../../../src-shared/util/redact';

describe('redact', () => {
  it('describes the Authorization header per API', () => {
    expect(redactedAuthorization('coursepath')).toBe('Bearer <JWT signed at send time>');
    expect(redactedAuthorization('coassemble')).toBe('COASSEMBLE:<workspace>:•••• (from keychain)');
  });

  it('redacts credential headers', () => {
    expect(
      redactHeaders({ Authorization: 'Bearer abc', Accept: 'application/json', Cookie: 'x=1' }, 'coursepath'),
    ).toEqual({
      Authorization: 'Bearer <JWT signed at send time>',
      Accept: 'application/json',
      Cookie: '••••',
    });
  });

  it('masks tokens and keys in free text', () => {
    const jwt =
      'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJqdGkiOjF9.ChS4fJK5fXT0jYcIVxuJarFBfGP1FkBSE_sk9E4cVuY';
    const key = `COASSEMBLE:123:${'a'.repeat(64)}`;
    const out = redact(`sent Authorization: Bearer ${jwt} and ${key}; token ${jwt}`);
    expect(out).not.toContain('ChS4f');
    expect(out).not.toContain('aaaaaaaa');
    expect(out).toContain('Bearer ••••');
    expect(out).toContain('COASSEMBLE:123:••••');
    expect(redact('COASSEMBLE-V1-SHA256 UserId=7, UserToken=s3cr3t')).toBe(
      'COASSEMBLE-V1-SHA256 UserId=7, UserToken=••••',
    );
    expect(redact('nothing secret here')).toBe('nothing secret here');
  });
});
