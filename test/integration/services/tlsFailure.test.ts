// An LMS whose certificate this computer does not trust (self-signed, expired, another host's, or a
// company proxy inspecting HTTPS with its own): the secure connection fails before a byte of the request
// is sent. Said in words an admin can act on, and never "in doubt": the LMS cannot have received it.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mayHaveArrived } from '../../../src-main/runner/exchange';
import { NetworkError, sendHttp } from '../../../src-main/services/http';

const FIXTURES = join(__dirname, '../../fixtures/tls');
let server: Server;
let base: string;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer(
    {
      key: readFileSync(join(FIXTURES, 'self-signed.key.pem')),
      cert: readFileSync(join(FIXTURES, 'self-signed.cert.pem')),
    },
    (req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":1}');
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});

describe('an LMS whose certificate is not trusted', () => {
  it('is said in words, with the code, and the request is known not to have left', async () => {
    const err = await sendHttp({
      method: 'POST',
      url: `${base}/api/v1/headless/generate/course`,
      headers: { Authorization: 'COASSEMBLE:42:not-a-real-key', 'content-type': 'application/json' },
      body: '{"prompt":"x"}',
      timeoutMs: 5000,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    const message = (err as NetworkError).message;
    expect(message).toContain(`Could not reach ${new URL(base).host}:`);
    expect(message).toContain('certificate');
    expect(message).toContain('self-signed');
    expect(message).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(message).toContain('nothing was sent');
    expect(message).toContain('NODE_EXTRA_CA_CERTS');
    expect(message).not.toContain('not-a-real-key');
    expect(seen).toEqual([]);
    // The runner reads the same words: a row that never left is not in doubt.
    expect(mayHaveArrived(message)).toBe(false);
  });
});
