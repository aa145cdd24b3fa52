// Behind a corporate proxy: sendHttp through a real proxy server started here. Plain http:// goes as an
// absolute URI, https:// asks for a CONNECT tunnel, the proxy's credentials come from its URL and never
// show in an error, loopback and NO_PROXY hosts go direct.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError, sendHttp, setProxySettings } from '../../../src-main/services/http';
import { proxyEnv, proxyFor } from '../../../src-main/services/proxy';
import { mayHaveArrived } from '../../../src-main/runner/exchange';

const listen = async (s: Server) => {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
};

let target: Server;
let proxy: Server;
let targetPort = 0;
let proxyPort = 0;
const seenByProxy: { method: string; url: string; auth: string | undefined }[] = [];

beforeAll(async () => {
  target = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () =>
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ got: body })),
    );
  });
  targetPort = await listen(target);
  // A forwarding proxy: absolute-URI requests go to the target server whatever host they name (so a
  // made-up, non-loopback host name can be used); CONNECT is refused, as a policy proxy would.
  proxy = createServer((req: IncomingMessage, res) => {
    seenByProxy.push({ method: req.method!, url: req.url!, auth: req.headers['proxy-authorization'] });
    const u = new URL(req.url!);
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: targetPort,
        path: u.pathname + u.search,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode!, up.headers);
        up.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  proxy.on('connect', (req: IncomingMessage, socket) => {
    seenByProxy.push({ method: 'CONNECT', url: req.url!, auth: req.headers['proxy-authorization'] });
    socket.end(
      'HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\ncontent-length: 17\r\n\r\nblocked by policy',
    );
  });
  proxyPort = await listen(proxy);
  setProxySettings({
    httpProxy: `http://desk:s3cret-pass@127.0.0.1:${proxyPort}`,
    httpsProxy: `http://desk:s3cret-pass@127.0.0.1:${proxyPort}`,
    noProxy: 'intranet.example.test',
  });
});

afterAll(async () => {
  setProxySettings({});
  for (const s of [target, proxy]) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

describe('sendHttp behind a proxy', () => {
  it('sends an http:// request through the proxy, with the credentials from its URL', async () => {
    seenByProxy.length = 0;
    const r = await sendHttp({
      method: 'POST',
      url: `http://lms.example.test:${targetPort}/api/v1/members`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a%40b.test',
      timeoutMs: 5000,
    });
    expect(r.status).toBe(201);
    expect(JSON.parse(r.body)).toEqual({ got: 'email=a%40b.test' });
    expect(seenByProxy).toEqual([
      {
        method: 'POST',
        url: `http://lms.example.test:${targetPort}/api/v1/members`,
        auth: `Basic ${Buffer.from('desk:s3cret-pass').toString('base64')}`,
      },
    ]);
  });

  it("asks for a CONNECT tunnel for https://; the proxy's refusal is the proxy's, not the LMS's, and nothing was sent", async () => {
    seenByProxy.length = 0;
    const err = await sendHttp({
      method: 'GET',
      url: 'https://lms.example.test/api/v1/members/me',
      headers: { Authorization: 'Bearer not-for-the-proxy' },
      body: null,
      timeoutMs: 5000,
    }).catch((e: unknown) => e);
    expect(seenByProxy.map((s) => `${s.method} ${s.url}`)).toEqual(['CONNECT lms.example.test:443']);
    // A 403 handed back as the LMS's answer read as "the LMS refused the key": Test blamed the key and a
    // job's credentials breaker paused for it, though the request never reached the LMS.
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).message).toBe(
      `Could not send to lms.example.test: the proxy 127.0.0.1:${proxyPort} (HTTPS_PROXY) refused to connect to it ` +
        '(HTTP 403: blocked by policy); nothing reached the LMS. Ask whoever runs the proxy to allow lms.example.test, ' +
        'or name it in NO_PROXY if it is reached directly.',
    );
    expect((err as NetworkError).message).not.toContain('s3cret');
    expect(mayHaveArrived((err as NetworkError).message)).toBe(false);
  });

  /** A GET of `url` through the proxy `settings` name, which fails: its error; the test proxy set back after. */
  async function failedThrough(
    settings: Parameters<typeof setProxySettings>[0],
    url: string,
  ): Promise<NetworkError> {
    setProxySettings(settings);
    try {
      const err = await sendHttp({ method: 'GET', url, headers: {}, body: null, timeoutMs: 5000 }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(NetworkError);
      return err as NetworkError;
    } finally {
      setProxySettings({
        httpProxy: `http://desk:s3cret-pass@127.0.0.1:${proxyPort}`,
        httpsProxy: `http://desk:s3cret-pass@127.0.0.1:${proxyPort}`,
      });
    }
  }

  it('names the proxy, never its password, when it cannot be reached', async () => {
    const err = await failedThrough(
      { httpProxy: 'http://desk:s3cret-pass@127.0.0.1:1' },
      'http://lms.example.test/x',
    );
    expect(err.message).toBe('Could not reach lms.example.test through the proxy 127.0.0.1:1: ECONNREFUSED');
  });

  it('reads a proxy named without a scheme as http://, as curl does (HTTPS_PROXY=proxy:3128)', async () => {
    setProxySettings({ httpProxy: `desk:s3cret-pass@127.0.0.1:${proxyPort}` });
    seenByProxy.length = 0;
    try {
      const r = await sendHttp({
        method: 'GET',
        url: `http://lms.example.test:${targetPort}/api/v1/members`,
        headers: {},
        body: null,
        timeoutMs: 5000,
      });
      expect(r.status).toBe(201);
      expect(seenByProxy).toEqual([
        {
          method: 'GET',
          url: `http://lms.example.test:${targetPort}/api/v1/members`,
          auth: `Basic ${Buffer.from('desk:s3cret-pass').toString('base64')}`,
        },
      ]);
    } finally {
      setProxySettings({
        httpProxy: `http://desk:s3cret-pass@127.0.0.1:${proxyPort}`,
        httpsProxy: `http://desk:s3cret-pass@127.0.0.1:${proxyPort}`,
      });
    }
  });

  it('says a proxy address that is no URL is why nothing was sent, naming the variable, never its value', async () => {
    const err = await failedThrough(
      { httpsProxy: 'http://desk:s3cret-pass@127.0.0.1:99999' },
      'https://lms.example.test/x',
    );
    expect(err.message).toBe(
      'Could not send to lms.example.test: the proxy address in HTTPS_PROXY is not a valid URL; ' +
        'fix it where Bulk Desk is started.',
    );
    // A request that never left is not in doubt: the runner's test (exchange.ts) reads the same words.
    expect(mayHaveArrived(err.message)).toBe(false);
  });

  it("never carries the proxy's credentials in what it says back: a refusal or an answer that echoes Proxy-Authorization", async () => {
    // A proxy (or its debug error page) that quotes the request's Proxy-Authorization header, and the user
    // name and password it decodes from it, in its refusal of the tunnel and in its own 502 for http://;
    // then words of its own, which hold the letters of a short password and a long one's word inside theirs.
    const own = 'max 10 tunnels; exceeded at box x-7 in summertime';
    const echo = (req: IncomingMessage) => {
      const header = req.headers['proxy-authorization'] ?? '';
      const decoded = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');
      return `denied: Proxy-Authorization: ${header} (${decoded}; password ${decoded.split(':')[1]}) ${own}`;
    };
    const echoing = createServer((req, res) => {
      req.resume();
      res.writeHead(502, { 'content-type': 'text/plain', 'x-proxy-auth-seen': String(req.headers['proxy-authorization']) }).end(echo(req));
    });
    echoing.on('connect', (req: IncomingMessage, socket) => {
      const body = echo(req);
      socket.end(`HTTP/1.1 407 Proxy Authentication Required\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
    const port = await listen(echoing);
    try {
      // A long password; a one-letter one (masked where it is quoted as the password, every other x kept);
      // one of six letters (masked as a word, not inside "summertime").
      for (const password of ['s3cret-pass', 'x', 'summer']) {
        const basic = Buffer.from(`desk:${password}`).toString('base64');
        const tunnel = await failedThrough(
          { httpsProxy: `http://desk:${password}@127.0.0.1:${port}` },
          'https://lms.example.test/api/v1/members/me',
        );
        expect(tunnel.message).toMatch(/the proxy 127\.0\.0\.1:\d+ \(HTTPS_PROXY\) refused to connect to it \(HTTP 407: /);
        setProxySettings({ httpProxy: `http://desk:${password}@127.0.0.1:${port}` });
        const answer = await sendHttp({
          method: 'GET',
          url: 'http://lms.example.test/api/v1/members/me',
          headers: {},
          body: null,
          timeoutMs: 5000,
        });
        expect(answer.status).toBe(502);
        expect(answer.body).toBe(`denied: Proxy-Authorization: Basic •••• (••••; password ••••) ${own}`);
        expect(answer.headers['x-proxy-auth-seen']).toBe('Basic ••••');
        for (const text of [tunnel.message, answer.body, JSON.stringify(answer.headers)]) {
          expect(text).not.toContain(basic);
          expect(text).not.toContain(`desk:${password}`);
          expect(text).not.toContain(`password ${password}`);
        }
      }
    } finally {
      setProxySettings({
        httpProxy: `http://desk:s3cret-pass@127.0.0.1:${proxyPort}`,
        httpsProxy: `http://desk:s3cret-pass@127.0.0.1:${proxyPort}`,
      });
      echoing.closeAllConnections();
      await new Promise<void>((r) => echoing.close(() => r()));
    }
  });

  it('goes direct to loopback addresses (the built-in sandbox) whatever the settings', async () => {
    seenByProxy.length = 0;
    const r = await sendHttp({
      method: 'GET',
      url: `http://127.0.0.1:${targetPort}/`,
      headers: {},
      body: null,
      timeoutMs: 5000,
    });
    expect(r.status).toBe(201);
    expect(seenByProxy).toEqual([]);
  });
});

describe('which requests use the proxy', () => {
  const env = proxyEnv({
    HTTPS_PROXY: 'http://proxy.corp:3128',
    http_proxy: 'http://plain.corp:8080',
    NO_PROXY: 'intranet.example, .corp.example, lms.example.com:8443',
  });
  const via = (u: string) => proxyFor(new URL(u), env);

  it('reads either case, upper first', () => {
    expect(env).toEqual({
      httpsProxy: 'http://proxy.corp:3128',
      httpProxy: 'http://plain.corp:8080',
      noProxy: 'intranet.example, .corp.example, lms.example.com:8443',
    });
  });

  it('picks the proxy by scheme, and skips loopback and NO_PROXY hosts', () => {
    expect(via('https://academy.coursepath.com/api')).toBe('http://proxy.corp:3128');
    expect(via('http://academy.coursepath.com/api')).toBe('http://plain.corp:8080');
    expect(via('http://localhost:4010/')).toBeNull();
    expect(via('http://127.0.0.1:4010/')).toBeNull();
    expect(via('http://[::1]:4010/')).toBeNull();
    expect(via('https://intranet.example/')).toBeNull();
    expect(via('https://lms.intranet.example/')).toBeNull(); // a domain covers its subdomains
    expect(via('https://notintranet.example/')).toBe('http://proxy.corp:3128');
    expect(via('https://a.corp.example/')).toBeNull();
    expect(via('https://lms.example.com:8443/')).toBeNull();
    expect(via('https://lms.example.com/')).toBe('http://proxy.corp:3128'); // another port
    expect(proxyFor(new URL('https://x.test/'), { noProxy: '*' })).toBeNull();
    expect(proxyFor(new URL('https://x.test/'), {})).toBeNull();
  });
});
