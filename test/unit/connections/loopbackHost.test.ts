// One answer to "is this host this computer?" for the three places that ask it: the base URL rule (plain
// http only to this computer), the proxy (this computer is always reached directly) and the sandbox's
// test hooks (loopback callers only). The proxy's own copy took any name beginning "127." as this
// computer, so a host such as 127.corp.example went around the proxy the admin had set.
import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../../src-shared/connections/loopbackHost';
import { proxyFor } from '../../../src-main/services/proxy';

describe('isLoopbackHost', () => {
  it('this computer, by name, IPv4, IPv6 (bracketed or not) and IPv4-mapped IPv6', () => {
    for (const h of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '[0:0:0:0:0:0:0:1]', '::ffff:127.0.0.1'])
      expect(isLoopbackHost(h), h).toBe(true);
  });

  it('not: a name that only begins like an address, another address, an empty host', () => {
    for (const h of ['127.corp.example', '127.0.0.1.nip.io', '10.0.0.1', 'localhost.example', '::2', '', 'example.com'])
      expect(isLoopbackHost(h), h).toBe(false);
  });

  it('the proxy takes a host named 127.something through the proxy, as any other name', () => {
    const env = { httpsProxy: 'http://proxy.corp:3128' };
    expect(proxyFor(new URL('https://127.corp.example/api'), env)).toBe('http://proxy.corp:3128');
    expect(proxyFor(new URL('https://127.0.0.1:4010/api'), env)).toBeNull();
    expect(proxyFor(new URL('https://[::1]:4010/api'), env)).toBeNull();
  });
});
