// An HTTP proxy in front of the sandbox that leaves chosen requests without an answer, as a crash in the
// middle of a request does: `arrive` forwards the request (the LMS does the work) and never answers;
// `drop` neither forwards nor answers (it never reached the LMS); `late` forwards it and keeps the answer
// until `release()`, as a slow LMS does. Everything else passes through. A test kills the runner (or fills
// its disk) while requests are held — they are `sending` in SQLite — and checks the job against the
// sandbox's ledger.
import http from 'node:http';

export type Hold = 'pass' | 'arrive' | 'drop' | 'late';

export interface HoldingProxy {
  /** The proxy's origin: a connection's base URL with the sandbox's origin replaced by this. */
  url: string;
  /** Requests held so far (arrived at the LMS, dropped, or answered late and not released yet). */
  held(): number;
  /** Sends the answers kept by `late` (later `late` requests are kept again until the next release). */
  release(): void;
  close(): Promise<void>;
}

export async function holdingProxy(
  target: string,
  decide: (method: string, path: string, body: string) => Hold,
): Promise<HoldingProxy> {
  let held = 0;
  let late: (() => void)[] = [];
  const host = new URL(target).host;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const hold = decide(req.method ?? 'GET', req.url ?? '/', body.toString());
      if (hold === 'drop') {
        held++;
        return;
      }
      const up = http.request(
        new URL(req.url ?? '/', target),
        { method: req.method, headers: { ...req.headers, host } },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            if (hold === 'arrive') {
              held++;
              return;
            }
            const reply = () => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              res.end(Buffer.concat(parts));
            };
            if (hold === 'late') {
              held++;
              late.push(reply);
              return;
            }
            reply();
          });
        },
      );
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    held: () => held,
    release: () => {
      const now = late;
      late = [];
      held -= now.length;
      for (const reply of now) reply();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
