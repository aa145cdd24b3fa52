import { describe, expect, it } from 'vitest';
import { proxyCredentials } from '../../../src-main/services/proxy';
import { maskSentCredentials, maskUrlUserinfo, redact, redactedAuthorization, redactHeaders } from '../../../src-shared/util/redact';

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

describe('maskSentCredentials', () => {
  const key = 'ab'.repeat(32);
  it('masks the credential a request carried, as it is and JSON-escaped, and nothing else', () => {
    expect(maskSentCredentials(`{"auth":"COASSEMBLE:4242:${key}","id":"4242"}`, `COASSEMBLE:4242:${key}`)).toBe(
      '{"auth":"COASSEMBLE:4242:••••","id":"4242"}',
    );
    const jwt = 'eyJhbGciOi.eyJlbWFpbCI6/x.c2lnbmF0dXJlLXNpZw';
    expect(maskSentCredentials(`you sent Bearer ${jwt} and ${JSON.stringify(jwt).replace(/\//g, '\\/')}`, `Bearer ${jwt}`)).toBe(
      'you sent Bearer •••• and "••••"',
    );
    expect(maskSentCredentials('UserToken=0123456789abcdef0123', 'COASSEMBLE-V1-SHA256 UserId=17, UserToken=0123456789abcdef0123')).toBe(
      'UserToken=••••',
    );
    const plain = '{"url":"https://x.example/?signature=ffffffffffffffffffffffffffffffffffffffff"}';
    expect(maskSentCredentials(plain, `COASSEMBLE:4242:${key}`)).toBe(plain); // an answer's own hex stays
    expect(maskSentCredentials(plain, undefined)).toBe(plain);
  });
  it('masks a short token of the retired scheme whatever its length, as a whole word, a very short one only after UserToken=', () => {
    const legacy = (t: string) => `COASSEMBLE-V1-SHA256 UserId=17, UserToken=${t}`;
    const echo = (t: string) => `{"message":"you sent ${legacy(t)}","token":"${t}","id":"x${t}1","n":"${t}5"}`;
    // 4 characters and more: wherever it stands alone, not inside a longer word or number.
    expect(maskSentCredentials(echo('tk42'), legacy('tk42'))).toBe(
      '{"message":"you sent COASSEMBLE-V1-SHA256 UserId=17, UserToken=••••","token":"••••","id":"xtk421","n":"tk425"}',
    );
    // Fewer: as likely an answer's own word or number, so only where the header is quoted back.
    expect(maskSentCredentials(echo('Q9z'), legacy('Q9z'))).toBe(
      '{"message":"you sent COASSEMBLE-V1-SHA256 UserId=17, UserToken=••••","token":"Q9z","id":"xQ9z1","n":"Q9z5"}',
    );
    // The words around a key are not secret: kept.
    expect(maskSentCredentials('COASSEMBLE-V1-SHA256', legacy('Q9z'))).toBe('COASSEMBLE-V1-SHA256');
  });
  it("masks a proxy's short password where it is quoted as one, and keeps the answer's every other letter", () => {
    const text = (pw: string) =>
      `Basic ${Buffer.from(`u:${pw}`).toString('base64')} u:${pw} password=${pw} "pwd": "${pw}" password ${pw}; ${pw}-ray box${pw} ${pw}`;
    expect(maskSentCredentials(text('x'), undefined, proxyCredentials('http://u:x@proxy.corp:3128'))).toBe(
      'Basic •••• •••• password=•••• "pwd": "••••" password ••••; x-ray boxx x',
    );
    // From 4 characters: also as a whole word, never inside one.
    expect(maskSentCredentials(`${text('summer')} summertime`, undefined, proxyCredentials('http://u:summer@proxy.corp'))).toBe(
      'Basic •••• •••• password=•••• "pwd": "••••" password ••••; ••••-ray boxsummer •••• summertime',
    );
    // The user name alone is not secret.
    expect(maskSentCredentials('user u, ux', undefined, proxyCredentials('http://u:x@proxy.corp'))).toBe('user u, ux');
  });
});

describe('maskSentCredentials, encoded echoes', () => {
  const b64 = (t: string) => Buffer.from(t).toString('base64');
  it('masks a sent credential percent-encoded or base64-encoded, as the echo carries it', () => {
    const key = 'ab'.repeat(32);
    const jwt = 'eyJhbGciOi.eyJlbWFpbCI6/x.c2lnbmF0dXJlLXNpZw';
    const text = `q=${encodeURIComponent(jwt)} b=${b64(jwt)} u=${b64(jwt).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')} k=${b64(key)}`;
    expect(maskSentCredentials(text, `Bearer ${jwt}`)).toBe(`q=•••• b=•••• u=•••• k=${b64(key)}`);
    expect(maskSentCredentials(`k=${b64(key)} j=${JSON.stringify(b64(key))}`, `COASSEMBLE:4242:${key}`)).toBe('k=•••• j="••••"');
  });
  it('masks a signing secret or password percent-encoded or base64-encoded, alone or in a Basic token', () => {
    const secret = 'p@ss/w0rd+with=signs';
    const text = `${encodeURIComponent(secret)} ${b64(secret)} Basic ${b64(`admin:${secret}`)}`;
    expect(maskSentCredentials(text, undefined, [{ value: secret }])).toBe('•••• •••• Basic ••••');
    // A proxy's: its Basic token anywhere, its password encoded as a whole word.
    const proxy = proxyCredentials(`http://u:${encodeURIComponent('summer!1')}@proxy.corp:3128`);
    expect(maskSentCredentials(`token ${b64('u:summer!1')}, pw ${encodeURIComponent('summer!1')} and summer%211x`, undefined, proxy)).toBe(
      'token ••••, pw •••• and summer%211x',
    );
  });
  it('keeps every other base64 and percent-encoded text of the answer', () => {
    const text = `id=${b64('course-17')} next=${encodeURIComponent('a/b c')} Basic ${b64('someone:else')}`;
    expect(maskSentCredentials(text, undefined, [{ value: 'p@ss/w0rd+with=signs' }])).toBe(text);
  });
});

describe('maskUrlUserinfo', () => {
  it('masks the whole user name and password, up to the last @ before the host', () => {
    expect(maskUrlUserinfo('https://admin:pw@host.example/x')).toBe('https://••••@host.example/x');
    // A password with an @ in it, as typed (a URL parser takes the last @ as the end): none of it shows.
    expect(maskUrlUserinfo('https://admin:p@ss@host.example/x')).toBe('https://••••@host.example/x');
    expect(maskUrlUserinfo('see http://a@b:c@d@127.0.0.1:4010 and https://e.example/f@g')).toBe(
      'see http://••••@127.0.0.1:4010 and https://e.example/f@g',
    );
    // An @ after the path, query or fragment begins is not the address's user name.
    expect(maskUrlUserinfo('https://host.example/people?email=a@b.test')).toBe('https://host.example/people?email=a@b.test');
    expect(maskUrlUserinfo('{"baseUrl":"https://u:p@q@h.example"}')).toBe('{"baseUrl":"https://••••@h.example"}');
  });
});
