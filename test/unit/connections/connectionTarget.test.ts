// Two saved connections are one LMS account when their addresses and accounts are the same as the LMS
// reads them: a URL's scheme and host have no case, nor has the acting member's email at Coursepath (the
// regression audit of stop 27: "ADMIN@…" or "HTTP://…" beside the same account sent a file twice).
import { describe, expect, it } from 'vitest';
import { sameTarget, type ConnectionTarget } from '../../../src-shared/connections/connectionTarget';

const cp = (baseUrl: string, email: string): ConnectionTarget => ({
  baseUrl,
  identity: { api: 'coursepath', email },
});

describe('sameTarget', () => {
  it('reads scheme, host and default port without case, and a trailing slash as none', () => {
    const a = cp('https://acme.coursepath.com', 'admin@acme.com');
    expect(sameTarget(a, cp('HTTPS://Acme.Coursepath.com/', 'admin@acme.com'))).toBe(true);
    expect(sameTarget(a, cp('https://acme.coursepath.com:443', 'admin@acme.com'))).toBe(true);
    expect(
      sameTarget(cp('http://127.0.0.1:4790', 'a@x.test'), cp('HTTP://127.0.0.1:4790/', 'a@x.test')),
    ).toBe(true);
  });

  it('reads http:// and https:// at one host as one LMS: a legacy http address fixed to https keeps its sends', () => {
    const a = cp('https://acme.coursepath.com', 'admin@acme.com');
    expect(sameTarget(a, cp('http://acme.coursepath.com', 'admin@acme.com'))).toBe(true);
    expect(sameTarget(a, cp('http://acme.coursepath.com:80/', 'admin@acme.com'))).toBe(true);
    expect(sameTarget(a, cp('http://acme.coursepath.com:8080', 'admin@acme.com'))).toBe(false);
  });

  it('reads an address with a user name and password (saved before addresses were checked) as the one without', () => {
    const a = cp('https://acme.coursepath.com', 'admin@acme.com');
    expect(sameTarget(a, cp('https://admin:pw@acme.coursepath.com', 'admin@acme.com'))).toBe(true);
    // A password with an @ in it, as typed: the host is after the last @, as a URL parser reads it.
    expect(sameTarget(a, cp('https://admin:p@ss@acme.coursepath.com/', 'admin@acme.com'))).toBe(true);
    expect(sameTarget(a, cp('https://admin:pw@other.coursepath.com', 'admin@acme.com'))).toBe(false);
  });

  it('reads an international host and its punycode as one LMS (both reach the same server)', () => {
    const a = cp('https://lernen.bücher.example', 'admin@acme.com');
    expect(sameTarget(a, cp('https://lernen.xn--bcher-kva.example/', 'admin@acme.com'))).toBe(true);
    expect(sameTarget(a, cp('https://LERNEN.BÜCHER.example:443', 'admin@acme.com'))).toBe(true);
    expect(sameTarget(a, cp('https://lernen.bucher.example', 'admin@acme.com'))).toBe(false);
    expect(
      sameTarget(cp('https://[::1]:4790', 'a@x.test'), cp('https://[0:0:0:0:0:0:0:1]:4790/', 'a@x.test')),
    ).toBe(true);
  });

  it("reads the acting member's email without case", () => {
    expect(
      sameTarget(
        cp('https://acme.coursepath.com', 'admin@acme.com'),
        cp('https://acme.coursepath.com', 'ADMIN@Acme.com'),
      ),
    ).toBe(true);
  });

  it('keeps what does tell two LMSs apart: another host, port, path or account', () => {
    const a = cp('https://acme.coursepath.com', 'admin@acme.com');
    expect(sameTarget(a, cp('https://acme2.coursepath.com', 'admin@acme.com'))).toBe(false);
    expect(sameTarget(a, cp('https://acme.coursepath.com:8443', 'admin@acme.com'))).toBe(false);
    expect(sameTarget(a, cp('https://acme.coursepath.com/eu', 'admin@acme.com'))).toBe(false);
    expect(sameTarget(a, cp('https://acme.coursepath.com', 'other@acme.com'))).toBe(false);
  });
});
