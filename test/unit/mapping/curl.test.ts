// "Copy as cURL": every part single-quoted for a POSIX shell, the signature a placeholder unless a live
// one is given.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote, toCurl } from '../../../src-shared/mapping/curl';

const req = {
  method: 'POST',
  url: 'https://academy.example/api/v1/members',
  headers: {
    Accept: 'application/json',
    'Content-Type': 'application/x-www-form-urlencoded',
    Authorization: 'Bearer <JWT signed at send time>',
  },
  body: "email=a%40b.c&name=O'Brien $HOME `x`",
};

describe('copy as cURL', () => {
  it('leaves the Authorization header as a placeholder that refuses to run unset', () => {
    const cmd = toCurl(req, null);
    expect(cmd).toContain(
      '--header "Authorization: ${BULKDESK_AUTHORIZATION:?set BULKDESK_AUTHORIZATION first}"',
    );
    expect(cmd).not.toContain('<JWT signed at send time>');
    expect(cmd).toMatch(/^# The Authorization header is a placeholder/);
  });

  it('with a live value, says it holds a working credential', () => {
    const cmd = toCurl(req, 'Bearer eyJ.x.y');
    expect(cmd).toMatch(/^# CONTAINS A WORKING CREDENTIAL/);
    expect(cmd).toContain("--header 'Authorization: Bearer eyJ.x.y'");
  });

  it('quotes so that a shell passes every argument through unchanged', () => {
    // No I/O to any server: `printf` prints the arguments the shell would hand to curl.
    const cmd = toCurl(req, null)
      .replace(/^#.*\n/gm, '')
      .replace(/^curl /, 'printf "%s\\n" ');
    const out = execFileSync('sh', ['-c', cmd], {
      env: { BULKDESK_AUTHORIZATION: 'Bearer T', PATH: process.env.PATH },
    }).toString();
    expect(out.split('\n')).toEqual([
      '--request',
      'POST',
      'https://academy.example/api/v1/members',
      '--header',
      'Accept: application/json',
      '--header',
      'Content-Type: application/x-www-form-urlencoded',
      '--header',
      'Authorization: Bearer T',
      '--data-raw',
      req.body,
      '',
    ]);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
