// The loopback HTTP transport: the same contract as Electron IPC, for `npm run serve` (the UI in a
// browser) and the end-to-end tests. It answers only on 127.0.0.1, and every API, event and upload
// request must carry the per-launch token; Host and Origin are checked so that neither a DNS-rebinding
// page nor another site open in the same browser can reach it.
//
//   POST /api/<method>  {"input": …}        → 200, the Result from dispatch
//   GET  /events                            → text/event-stream of EventMessage, heartbeat every 15 s
//   POST /upload        raw body, X-File-Name → {"uploadId": "…", "bytes": n}; the file lands in uploadDir
//                                             (at most maxUploadBytes, default 2 GiB: else 413)
//   GET  anything else                      → a file from staticDir (no token: the page reads the token
//                                             from its URL fragment, which never reaches a server)
//
// The browser sends the token in `Authorization: Bearer …`. EventSource cannot set headers, so the
// page reads /events with fetch() and a stream reader.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, realpath, stat, unlink } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { http } from '../services/nodeHttp';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ErrorCode, Result } from '../../src-shared/contract/errors';
import { SECURITY_HEADERS } from './contentSecurityPolicy';
import type { EventHub } from '../services/eventHub';
import { LOOPBACK_CALLER } from './callerContext';
import type { Dispatch } from './dispatch';

export type { EventHub };

export interface LoopbackOptions {
  dispatch: Dispatch;
  events: EventHub;
  /** The built renderer (out/renderer), served at /; null serves the API only. */
  staticDir: string | null;
  /** Where POST /upload streams files (created if missing). */
  uploadDir: string;
  /** 0 or absent: a free port chosen by the OS. */
  port?: number;
  /** Default: 32 random bytes as hex, new on every launch. */
  token?: string;
  /** The largest file POST /upload takes (default DEFAULT_MAX_UPLOAD_BYTES); tests pass a small one. */
  maxUploadBytes?: number;
  log?: (line: string) => void;
}

export interface LoopbackServer {
  /** http://127.0.0.1:PORT */
  url: string;
  token: string;
  /** url + '/#token=' + token: what to open in the browser. */
  openUrl: string;
  close(): Promise<void>;
}

export const MAX_API_BODY_BYTES = 10 * 1024 * 1024;
/** 2 GiB: far above the 100 MB files the UI bench imports, far below filling a disk by mistake. */
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
export const HEARTBEAT_MS = 15_000;
const UPLOAD_ID = /^[0-9a-f]{32}$/;
const UPLOAD_SUFFIX = '.upload';

/**
 * The file an uploadId names, for handlers that receive `{kind: 'upload', uploadId}`. Refuses anything
 * that is not exactly an id this server could have made, so an id can never point outside uploadDir.
 */
export function resolveUploadPath(uploadDir: string, uploadId: string): string {
  if (typeof uploadId !== 'string' || !UPLOAD_ID.test(uploadId)) {
    throw new Error('Not a valid upload id');
  }
  return join(resolve(uploadDir), uploadId + UPLOAD_SUFFIX);
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

/** Thrown inside a request handler to answer with a status and a Result-shaped JSON error. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export async function startLoopback(opts: LoopbackOptions): Promise<LoopbackServer> {
  const log = opts.log ?? (() => {});
  const token = opts.token ?? randomBytes(32).toString('hex');
  if (token.length < 16) throw new Error('The loopback token must be at least 16 characters');
  const tokenDigest = sha256(token);
  const uploadDir = resolve(opts.uploadDir);
  await mkdir(uploadDir, { recursive: true, mode: 0o700 });
  const staticRoot = opts.staticDir === null ? null : await realpath(opts.staticDir);
  const maxUpload = opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;

  const openStreams = new Set<ServerResponse>();
  let port = 0;

  const server: Server = http().createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (e instanceof HttpError) {
        sendJson(res, e.status, { ok: false, error: { code: e.code, message: e.message } });
      } else {
        log(`loopback: ${req.method} ${pathOf(req)} failed: ${e instanceof Error ? e.message : String(e)}`);
        sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'The request failed.' } });
      }
    });
  });
  // Slow-loris guard for ordinary requests; event streams and big uploads are long-lived by design.
  server.headersTimeout = 20_000;
  server.requestTimeout = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // 1. DNS-rebinding guard: a page served from evil.example that re-resolves to 127.0.0.1 still sends
    //    `Host: evil.example:PORT`.
    const host = req.headers.host;
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      throw new HttpError(403, 'INTERNAL', 'Refused: unexpected Host header.');
    }
    // 2. Another site in the same browser: its requests carry its own Origin.
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) {
      throw new HttpError(403, 'INTERNAL', 'Refused: requests from another origin are not allowed.');
    }

    const path = pathOf(req);
    const isApi = path.startsWith('/api/') || path === '/api';
    if (isApi || path === '/events' || path === '/upload') {
      // 3. The per-launch token, compared in constant time (digests, so the length leaks nothing either).
      if (!hasToken(req.headers.authorization, tokenDigest)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        throw new HttpError(401, 'INTERNAL', 'Refused: this request needs the session token.');
      }
      if (isApi) return handleApi(req, res, path);
      if (path === '/events') return handleEvents(req, res);
      return handleUpload(req, res);
    }
    return handleStatic(req, res, path);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      throw new HttpError(405, 'INVALID_INPUT', 'API calls use POST.');
    }
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'application/json') {
      throw new HttpError(415, 'INVALID_INPUT', 'API calls need Content-Type: application/json.');
    }
    let method: string;
    try {
      method = decodeURIComponent(path.slice('/api/'.length));
    } catch {
      throw new HttpError(400, 'INVALID_INPUT', 'The method name is not valid.');
    }
    const raw = await readBody(req, MAX_API_BODY_BYTES);
    let body: unknown;
    try {
      body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpError(400, 'INVALID_INPUT', 'The request body is not valid JSON.');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new HttpError(400, 'INVALID_INPUT', 'The request body must be a JSON object {"input": …}.');
    }
    // No file paths from here: files arrive as uploads and leave as downloads (callerContext.ts).
    const result: Result<unknown> = await opts.dispatch(
      method,
      (body as { input?: unknown }).input,
      LOOPBACK_CALLER,
    );
    sendJson(res, 200, result);
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      throw new HttpError(405, 'INVALID_INPUT', 'The event stream uses GET.');
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    openStreams.add(res);
    const unsubscribe = opts.events.subscribe((msg) => {
      if (res.writableEnded) return;
      try {
        res.write(`data: ${JSON.stringify(msg)}\n\n`);
      } catch (e) {
        log(`loopback: could not send ${msg.event}: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    const heartbeat = setInterval(() => {
      if (!res.writableEnded) res.write(': heartbeat\n\n');
    }, HEARTBEAT_MS);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      openStreams.delete(res);
    });
  }

  async function handleUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      throw new HttpError(405, 'INVALID_INPUT', 'Uploads use POST.');
    }
    const rawName = req.headers['x-file-name'];
    let fileName = '';
    if (typeof rawName === 'string') {
      try {
        fileName = decodeURIComponent(rawName);
      } catch {
        throw new HttpError(400, 'INVALID_INPUT', 'X-File-Name must be URL-encoded.');
      }
    }
    const tooLarge = () =>
      new HttpError(
        413,
        'INVALID_INPUT',
        `${fileName ? `${fileName} is` : 'This file is'} larger than the upload limit of ${formatBytes(maxUpload)}. ` +
          'Import it in the desktop app, or from the command line with bulk-desk import, which read files from disk.',
      );
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxUpload) {
      res.setHeader('Connection', 'close'); // do not wait for (or store) the rest of the body
      throw tooLarge();
    }
    const uploadId = randomBytes(16).toString('hex');
    const target = resolveUploadPath(uploadDir, uploadId);
    // 'wx': never overwrite; 0600: the spreadsheet may hold personal data.
    const out = createWriteStream(target, { flags: 'wx', mode: 0o600 });
    // Counted on the way to disk; past the limit the request is unpiped (nothing more is stored) and the
    // file ends, so the 413 can still be answered on this connection before it is closed.
    let received = 0;
    let overLimit = false;
    const cap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        received += chunk.length;
        if (received <= maxUpload) return done(null, chunk);
        if (!overLimit) {
          overLimit = true;
          req.unpipe(cap);
          cap.end();
        }
        done();
      },
    });
    const stored = pipeline(cap, out);
    const abort = () => {
      if (!req.complete && !overLimit) cap.destroy(new Error('The upload was interrupted.'));
    };
    req.once('error', abort);
    req.once('close', abort);
    req.pipe(cap);
    try {
      await stored;
    } catch (e) {
      await unlink(target).catch(() => {});
      if (res.destroyed || req.destroyed) return; // client went away mid-upload
      throw e;
    } finally {
      req.off('error', abort);
      req.off('close', abort);
    }
    if (overLimit) {
      await unlink(target).catch(() => {});
      res.setHeader('Connection', 'close');
      throw tooLarge();
    }
    const bytes = out.bytesWritten;
    log(
      `loopback: upload ${uploadId} (${bytes} bytes${fileName ? `, ${JSON.stringify(fileName.slice(0, 200))}` : ''})`,
    );
    sendJson(res, 200, { uploadId, bytes });
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      throw new HttpError(405, 'INVALID_INPUT', 'Only GET and HEAD are served here.');
    }
    if (staticRoot === null) throw new HttpError(404, 'NOT_FOUND', 'Not found.');
    const file = await resolveStatic(staticRoot, path);
    if (file === null) throw new HttpError(404, 'NOT_FOUND', 'Not found.');
    const type = CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': type,
      'Content-Length': String(file.size),
      // index.html names hashed assets, so it must be revalidated; the assets themselves never change.
      'Cache-Control': file.path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await pipeline(createReadStream(file.path), res);
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen({ host: '127.0.0.1', port: opts.port ?? 0, exclusive: true }, () => {
      server.off('error', fail);
      ok();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  log(`loopback: listening on ${url}`);

  return {
    url,
    token,
    openUrl: `${url}/#token=${token}`,
    close: () =>
      new Promise<void>((ok) => {
        for (const stream of openStreams) stream.end();
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

/** 2147483648 → "2 GiB", 1536 → "1.5 KiB", 900 → "900 bytes": the limit as a person reads it. */
export function formatBytes(n: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`;
  }
  return `${n} bytes`;
}

/** The request path without its query string ("/api/jobs.list?x" → "/api/jobs.list"). */
function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

function hasToken(header: string | undefined, expected: Buffer): boolean {
  if (typeof header !== 'string') return false;
  const m = /^Bearer ([^\s]+)$/i.exec(header.trim());
  if (!m) return false;
  return timingSafeEqual(sha256(m[1]!), expected);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** Reads a whole body, refusing (413) once it passes `limit` bytes. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new HttpError(413, 'INVALID_INPUT', `The request body is larger than ${limit} bytes.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw new HttpError(413, 'INVALID_INPUT', `The request body is larger than ${limit} bytes.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Maps a URL path to a regular file inside root, or null. Decodes once, refuses NUL and any path that
 * resolves (after symlinks) outside root, and serves index.html for / and for extension-less paths
 * (client-side routes).
 */
async function resolveStatic(root: string, urlPath: string): Promise<{ path: string; size: number } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const candidates = [resolve(root, '.' + decoded)];
  if (decoded.endsWith('/')) candidates[0] = join(candidates[0]!, 'index.html');
  else if (extname(decoded) === '') candidates.push(join(root, 'index.html'));
  for (const candidate of candidates) {
    if (candidate !== root && !candidate.startsWith(root + sep)) return null;
    try {
      const real = await realpath(candidate);
      if (!real.startsWith(root + sep)) return null;
      const info = await stat(real);
      if (info.isFile()) return { path: real, size: info.size };
    } catch {
      // missing: try the next candidate
    }
  }
  return null;
}
