// A row whose connection is refused before its request goes — the LMS's certificate not trusted here, or a
// company proxy refusing the CONNECT tunnel — fails at once, and the job pauses saying what to fix. Found by
// review: such a row was retried up to the attempt limit (each retry meets the same refusal), and every row
// after it went the same way until the failure breaker stopped the job. Nothing reached the LMS either way.
// Real parts: an https server with a self-signed certificate (the fixture), a proxy that refuses CONNECT,
// the real HTTP client, SQLite and the keychain.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/services';
import { sendHttp, setProxySettings, type HttpRequest } from '../../../src-main/services/http';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const FIXTURES = join(__dirname, '../../fixtures/tls');
let lms: Server;
let proxy: HttpServer;
const reachedLms: string[] = [];
const tunnels: string[] = [];

const listen = (s: Server | HttpServer) =>
  new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));

let lmsPort = 0;
let proxyPort = 0;
beforeAll(async () => {
  lms = createServer(
    {
      key: readFileSync(join(FIXTURES, 'self-signed.key.pem')),
      cert: readFileSync(join(FIXTURES, 'self-signed.cert.pem')),
    },
    (req, res) => {
      reachedLms.push(`${req.method} ${req.url}`);
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":1}');
    },
  );
  lmsPort = await listen(lms);
  proxy = createHttpServer((_req, res) => res.writeHead(502).end());
  proxy.on('connect', (req, socket) => {
    tunnels.push(req.url!);
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\ncontent-length: 17\r\n\r\nblocked by policy');
  });
  proxyPort = await listen(proxy);
});
afterEach(() => setProxySettings({}));
afterAll(async () => {
  for (const s of [lms, proxy]) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

async function jobAt(s: Services, baseUrl: string) {
  const connection = await callOk(s, 'connections.save', {
    name: 'Refused',
    baseUrl,
    identity: { api: 'coursepath', email: 'admin@refused.example' },
    secret: 's'.repeat(40),
  });
  const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(4));
  const job = await callOk(s, 'jobs.create', {
    ...memberJobSpec(datasetId, connection.id),
    options: { canary: 0, concurrency: 1, maxAttempts: 3 },
  });
  await callOk(s, 'jobs.start', { jobId: job.id });
  return s.runner.whenSettled(job.id);
}

/** An update with undo on: each row's member is read before its write, through the same refusal. */
async function readFirstJobAt(s: Services, baseUrl: string) {
  const connection = await callOk(s, 'connections.save', {
    name: 'Refused',
    baseUrl,
    identity: { api: 'coursepath', email: 'admin@refused.example' },
    secret: 's'.repeat(40),
  });
  const datasetId = seedDataset(s.db, ['member', 'company'], [1, 2, 3, 4].map((i) => [`${100 + i}`, `Co ${i}`]));
  const job = await callOk(s, 'jobs.create', {
    datasetId,
    connectionId: connection.id,
    templateId: 'coursepath.members.update',
    mapping: { fields: { memberId: { kind: 'column', column: 'member' }, company: { kind: 'column', column: 'company' } } },
    options: { canary: 0, concurrency: 1, maxAttempts: 3, undo: true, confirm: 'OVERWRITE 4 member profiles on Refused' },
  });
  await callOk(s, 'jobs.start', { jobId: job.id });
  return s.runner.whenSettled(job.id);
}

const rowsOf = async (s: Services, jobId: string) =>
  (await callOk(s, 'jobs.items', { jobId, offset: 0, limit: 10 })).items.map((i) => [
    i.rowNumber,
    i.status,
    i.attempts,
  ]);

describe('a connection refused before the request goes', () => {
  const temp = useTempServices();

  it('a certificate this computer refuses: the row fails at once and the job pauses, saying what to fix', async () => {
    const s = await temp.open({ sandbox: false });
    const done = await jobAt(s, `https://127.0.0.1:${lmsPort}`);

    expect(reachedLms).toEqual([]);
    expect(done.state).toBe('paused');
    expect(done.stopReason?.kind).toBe('connection');
    expect(done.stopReason?.message).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(done.stopReason?.message).toContain('NODE_EXTRA_CA_CERTS');
    expect(done.counts).toMatchObject({ failed: 1, pending: 3, in_doubt: 0 });
    expect(await rowsOf(s, done.id)).toEqual([
      [2, 'failed', 1],
      [3, 'pending', 0],
      [4, 'pending', 0],
      [5, 'pending', 0],
    ]);
  });

  it('a proxy refusing the tunnel: the row fails at once and the job pauses, naming the proxy', async () => {
    const s = await temp.open({ sandbox: false });
    setProxySettings({ httpsProxy: `http://127.0.0.1:${proxyPort}` });
    const done = await jobAt(s, 'https://lms.example.test');

    expect(tunnels).toEqual(['lms.example.test:443']);
    expect(done.state).toBe('paused');
    expect(done.stopReason?.kind).toBe('connection');
    expect(done.stopReason?.message).toContain('refused to connect to it (HTTP 403: blocked by policy)');
    expect(done.counts).toMatchObject({ failed: 1, pending: 3, in_doubt: 0 });
  });

  // Reads (the read before a write, read-backs, in-doubt lookups) went through the same refusal four times
  // each, then failed the row as unreadable without pausing: every row after it did the same.
  for (const via of ['certificate', 'proxy'] as const)
    it(`a read before the write refused the same way (${via}): asked once, the row fails and the job pauses`, async () => {
      const reads: string[] = [];
      const send = (req: HttpRequest) => {
        reads.push(`${req.method} ${req.url}`);
        return sendHttp(req);
      };
      const s = await temp.open({ sandbox: false, send });
      if (via === 'proxy') setProxySettings({ httpsProxy: `http://127.0.0.1:${proxyPort}` });
      const done = await readFirstJobAt(s, via === 'proxy' ? 'https://lms.example.test' : `https://127.0.0.1:${lmsPort}`);

      expect(reads, JSON.stringify(done.counts)).toHaveLength(1);
      expect(reads[0]).toMatch(/^GET .*\/members\/101$/);
      expect(done.state).toBe('paused');
      expect(done.stopReason?.kind).toBe('connection');
      expect(done.stopReason?.message).toContain(
        via === 'proxy' ? 'refused to connect to it (HTTP 403: blocked by policy)' : 'NODE_EXTRA_CA_CERTS',
      );
      expect(done.counts).toMatchObject({ failed: 1, pending: 3, in_doubt: 0 });
    });
});
