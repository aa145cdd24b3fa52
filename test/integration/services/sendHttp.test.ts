// sendHttp against a real local HTTP server: what the runner relies on from its one HTTP exchange —
// the exact request on the wire, the answer whole, no redirect followed, a deadline over the whole
// exchange, and network failures that name the host but never a header value.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError, sendHttp } from '../../../src-main/services/http';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
const routes = new Map<string, Handler>();
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const handle = routes.get(req.url ?? '');
      if (handle) handle(req, body, res);
      else res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});

const SECRET = 'Bearer do-not-print-this-token';

describe('sendHttp', () => {
  it('sends method, headers and body as given and returns status, headers and the whole body', async () => {
    let seen: { method?: string; auth?: string; type?: string; length?: string; body?: string } = {};
    routes.set('/echo', (req, body, res) => {
      seen = {
        method: req.method,
        auth: req.headers.authorization,
        type: req.headers['content-type'],
        length: req.headers['content-length'],
        body,
      };
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.writeHead(201, { 'content-type': 'application/json', 'x-extra': 'yes' });
      // A multi-byte character split across two writes must come back whole.
      const bytes = Buffer.from(JSON.stringify({ name: 'Zoë Ω 日本' }));
      res.write(bytes.subarray(0, 12));
      setTimeout(() => res.end(bytes.subarray(12)), 10);
    });
    const body = 'email=zo%C3%AB%40example.com&name=Zo%C3%AB';
    const r = await sendHttp({
      method: 'POST',
      url: `${base}/echo`,
      headers: { authorization: SECRET, 'content-type': 'application/x-www-form-urlencoded' },
      body,
      timeoutMs: 5000,
    });
    expect(seen).toEqual({
      method: 'POST',
      auth: SECRET,
      type: 'application/x-www-form-urlencoded',
      length: String(Buffer.byteLength(body)),
      body,
    });
    expect(r.status).toBe(201);
    expect(JSON.parse(r.body)).toEqual({ name: 'Zoë Ω 日本' });
    expect(r.headers['x-extra']).toBe('yes');
    expect(r.headers['set-cookie']).toBe('a=1, b=2');
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps only the response headers asked for', async () => {
    routes.set('/limited', (_req, _body, res) =>
      res.writeHead(429, { 'retry-after': '3', 'x-other': 'no' }).end('slow down'),
    );
    const r = await sendHttp({
      method: 'GET',
      url: `${base}/limited`,
      headers: {},
      body: null,
      timeoutMs: 5000,
      responseHeaders: ['retry-after', 'x-missing'],
    });
    expect(r).toMatchObject({ status: 429, body: 'slow down', headers: { 'retry-after': '3' } });
    expect(Object.keys(r.headers)).toEqual(['retry-after']);
  });

  it('does not follow a redirect (the Authorization header stays with the host it was meant for)', async () => {
    let followed = false;
    routes.set('/moved', (_req, _body, res) => res.writeHead(302, { location: `${base}/elsewhere` }).end());
    routes.set('/elsewhere', (_req, _body, res) => ((followed = true), res.writeHead(200).end('{}')));
    const r = await sendHttp({
      method: 'GET',
      url: `${base}/moved`,
      headers: { authorization: SECRET },
      body: null,
      timeoutMs: 5000,
    });
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe(`${base}/elsewhere`);
    expect(followed).toBe(false);
  });

  it('gives up at the deadline, whether the answer never starts or stalls half-way', async () => {
    routes.set('/silent', () => undefined);
    routes.set('/stall', (_req, _body, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
    });
    for (const path of ['/silent', '/stall']) {
      const err = await sendHttp({
        method: 'POST',
        url: `${base}${path}`,
        headers: { authorization: SECRET },
        body: 'x=1',
        timeoutMs: 300,
      }).catch((e: unknown) => e);
      expect(err, path).toBeInstanceOf(NetworkError);
      expect((err as NetworkError).timedOut, path).toBe(true);
      expect((err as NetworkError).message, path).toMatch(
        /^Could not reach 127\.0\.0\.1:\d+: no answer within 0\.3 s$/,
      );
      expect((err as NetworkError).durationMs, path).toBeGreaterThanOrEqual(250);
    }
  });

  it('reports a refused connection by host and code, never a header value', async () => {
    const err = await sendHttp({
      method: 'POST',
      url: 'http://127.0.0.1:1/api',
      headers: { authorization: SECRET },
      body: '{}',
      timeoutMs: 5000,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).timedOut).toBe(false);
    expect((err as NetworkError).message).toBe('Could not reach 127.0.0.1:1: ECONNREFUSED');
  });

  it('refuses a header value Node would not put on the wire, naming the header but not its value', async () => {
    const err = await sendHttp({
      method: 'GET',
      url: `${base}/echo`,
      headers: { authorization: `${SECRET}\r\nx-injected: 1` },
      body: null,
      timeoutMs: 5000,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).message).toMatch(/ERR_INVALID_CHAR/);
    expect((err as NetworkError).message).not.toContain('do-not-print');
  });

  it('refuses a URL that is not http or https', async () => {
    const err = await sendHttp({
      method: 'GET',
      url: 'ftp://example.com/x',
      headers: {},
      body: null,
      timeoutMs: 1000,
    }).catch((e: unknown) => e);
    expect((err as NetworkError).message).toBe('Could not send: ftp: is not http or https');
  });

  it('reuses one kept-alive connection for requests one after another', async () => {
    const ports = new Set<number>();
    routes.set(
      '/who',
      (req, _body, res) => (ports.add(req.socket.remotePort ?? 0), res.writeHead(200).end('ok')),
    );
    for (let i = 0; i < 5; i++)
      await sendHttp({ method: 'GET', url: `${base}/who`, headers: {}, body: null, timeoutMs: 5000 });
    expect(ports.size).toBe(1);
  });
});
