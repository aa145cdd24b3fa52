// A stand-in LMS that only records what reached it: each request's path and whether it came signed
// (an Authorization header), answering every one as Coursepath's members/me does for an administrator.
// For tests that ask where a secret was sent, not what the LMS did with it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SignedRequestsLms {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** "<path> signed" or "<path> unsigned", in arrival order; clear it with `seen.length = 0`. */
  seen: string[];
  close(): Promise<void>;
}

export async function signedRequestsLms(): Promise<SignedRequestsLms> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    seen.push(`${req.url} ${req.headers.authorization ? 'signed' : 'unsigned'}`);
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ id: '1', email: 'admin@acme.test', role: 'admin', name: 'Admin' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
