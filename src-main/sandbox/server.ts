// The sandbox HTTP server: one origin serving Coursepath (/api/v1/...) and Coassemble (/api/v1/headless/...,
// alias /v1/headless/...), plus loopback-only test hooks under /__sandbox/ (own Host and Origin only,
// http/hookGuard.ts). node:http only.
// Pipeline per request: read body → rate limit → capacity (realistic mode: a worker, a wait, or 503) →
// auth → injected fault → route → reply → ledger.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { http } from '../services/nodeHttp';
import type { AddressInfo, Socket } from 'node:net';
import { verifyCoassembleAuth } from './auth/coassembleAuth';
import { JtiRegistry, verifyCoursepathJwt } from './auth/coursepathJwt';
import { ADMIN_EMAIL, makeCredentials } from './credentials';
import { CapacityGate, serviceTimeMs } from './capacity';
import { FaultInjector, parseFaults, type FaultDecision } from './faults';
import { isLoopbackHost } from '../../src-shared/connections/loopbackHost';
import { parseBody, readRaw } from './http/body';
import { caError, cpError, json, outcomeOf, type Reply } from './http/reply';
import { Ledger } from './ledger';
import type { ResolvedOptions } from './options';
import { mulberry32, randomSeed, type Rng } from './prng';
import { RollingWindowLimiter } from './rateLimit';
import { Router, type Body, type Ctx } from './router';
import { coassembleRoutes } from './routes/coassembleRoutes';
import { coursepathRoutes } from './routes/coursepathRoutes';
import { memberByEmail } from './routes/coursepathMembers';
import { seedState } from './state/seedData';
import type { CpMember, SandboxState } from './state/types';
import type { LedgerEntry, Sandbox, SandboxCredentials } from './types';
import { adminRequest } from './routes/admin';
import { embedPage } from './routes/embedPlayer';
import { hookRefusal } from './http/hookGuard';

type Api = LedgerEntry['api'];

interface Pending {
  req: IncomingMessage;
  res: ServerResponse;
  at: number;
  api: Api;
  method: string;
  path: string;
  rest: string;
  queryText: string;
  entry: Omit<LedgerEntry, 'seq' | 'status' | 'outcome'>;
}

const caRouter = new Router(coassembleRoutes);
const cpRouter = new Router(coursepathRoutes);

function decodeSegments(rest: string): string[] | null {
  try {
    return rest.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return null;
  }
}

export class SandboxServer implements Sandbox {
  url = '';
  private port = 0;
  credentials!: SandboxCredentials;
  readonly ledger: Ledger;
  /** API requests received since the start or the last reset, answered or not (the ledger has the answered). */
  received = 0;
  state: SandboxState;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly jtis = new JtiRegistry();
  private readonly caLimiter: RollingWindowLimiter | null;
  private readonly cpLimiter: RollingWindowLimiter | null;
  private readonly faults: FaultInjector;
  private readonly dataSeed: number;
  /** Realistic mode: the LMS's workers and queue, and the draws of service times (their own PRNG). */
  readonly capacity: CapacityGate | null;
  private serviceRng: Rng;

  constructor(readonly opts: ResolvedOptions) {
    this.ledger = new Ledger(opts.ledgerLimit);
    this.caLimiter = opts.coassembleLimit ? new RollingWindowLimiter(opts.coassembleLimit, opts.countRefused) : null;
    this.cpLimiter = opts.coursepathLimit ? new RollingWindowLimiter(opts.coursepathLimit, opts.countRefused) : null;
    this.faults = new FaultInjector(parseFaults(opts.faults), opts.seed ?? randomSeed());
    this.capacity = opts.realistic ? new CapacityGate(opts.realistic.capacity) : null;
    this.serviceRng = mulberry32((opts.seed ?? 1) ^ 0x5e791ce);
    // Demo data is always seeded (seed 1 when none is given) so the demo looks the same every time.
    this.dataSeed = opts.seed ?? 1;
    // Seeded once, here: the academy admin is the same address whatever port the server gets
    // (credentials.ts), so start() has nothing to seed again.
    this.state = seedState(this.dataSeed, ADMIN_EMAIL);
    this.server = http().createServer((req, res) => this.onRequest(req, res));
    this.server.keepAliveTimeout = 30_000;
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.credentials = makeCredentials(this.url, this.opts.seed);
    return this;
  }

  reset(): void {
    this.state = seedState(this.dataSeed, this.credentials.coursepath.email);
    this.ledger.clear();
    this.received = 0;
    this.jtis.clear();
    this.caLimiter?.clear();
    this.cpLimiter?.clear();
    this.faults.reset();
    this.capacity?.reset();
    this.serviceRng = mulberry32((this.opts.seed ?? 1) ^ 0x5e791ce);
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const at = Date.now();
    const rawUrl = req.url ?? '/';
    const qi = rawUrl.indexOf('?');
    const path = qi < 0 ? rawUrl : rawUrl.slice(0, qi);
    const queryText = qi < 0 ? '' : rawUrl.slice(qi + 1);
    const method = (req.method ?? 'GET').toUpperCase();
    if (path.startsWith('/__sandbox/')) {
      if (!isLoopbackHost(req.socket.remoteAddress ?? '')) return this.send(res, json(403, { error: 'forbidden', message: 'loopback only' }));
      const refusal = hookRefusal(req.headers, this.port);
      if (refusal !== null) {
        req.resume();
        return this.send(res, json(403, { error: 'forbidden', message: refusal }));
      }
      void readRaw(req).then(() => this.send(res, adminRequest(this, method, path, new URLSearchParams(queryText))));
      return;
    }
    if (method === 'GET' && path.startsWith('/embed/')) {
      return this.send(res, embedPage(path, this.credentials.coassemble.apiKey, this.state, at));
    }
    let api: Api = 'other';
    let rest = path;
    if (path.startsWith('/api/v1/headless/')) {
      api = 'coassemble';
      rest = path.slice(16);
    } else if (path.startsWith('/v1/headless/')) {
      api = 'coassemble';
      rest = path.slice(12);
    } else if (path.startsWith('/api/v1/')) {
      api = 'coursepath';
      rest = path.slice(7);
    }
    this.received++;
    const entry: Pending['entry'] = { at, api, method, path };
    if (queryText) entry.query = queryText;
    const p: Pending = { req, res, at, api, method, path, rest, queryText, entry };
    readRaw(req).then(
      (raw) => this.process(p, raw),
      () => req.socket.destroy(),
    );
  }

  private process(p: Pending, raw: string | null): void {
    const { api, req } = p;
    if (api === 'other') return this.finish(p, json(404, { error: 'not_found', message: `No sandbox API at ${p.path}` }));
    const err = api === 'coassemble' ? caError : (s: number, m: string, h?: Record<string, string>) => cpError(s, errorName(s), m, h);
    if (raw === null) return this.finish(p, err(413, 'Request body too large'));
    const parsed = parseBody(raw, req.headers['content-type']);
    if (parsed.ok && parsed.body !== null) p.entry.body = parsed.body;

    // Rate limit (per client IP, before auth: a rejected credential still uses budget).
    const limiter = api === 'coassemble' ? this.caLimiter : this.cpLimiter;
    if (limiter) {
      const d = limiter.take(req.socket.remoteAddress ?? '?', p.at);
      if (!d.ok) return this.finish(p, err(429, 'Too many requests', { 'retry-after': String(d.retryAfterSeconds) }));
    }

    // Capacity (realistic mode): a worker now, a wait for one, or 503 at once. The request's work (auth,
    // route) happens when its service time is over, then the worker is free for the next.
    const capacity = this.capacity;
    const realistic = this.opts.realistic;
    if (capacity && realistic) {
      const arrived = Date.now();
      const admitted = capacity.admit(() => {
        const serviceMs = serviceTimeMs(realistic.latency, this.serviceRng());
        this.later(serviceMs, () => {
          p.entry.latencyMs = Date.now() - arrived;
          capacity.release();
          this.authorize(p, parsed);
        });
      });
      if (admitted === 'refuse') {
        const h = { 'retry-after': String(realistic.capacity.retryAfterSeconds) };
        return this.finish(p, err(503, 'Service unavailable: too many requests in progress', h), 'busy');
      }
      return;
    }
    this.authorize(p, parsed);
  }

  private authorize(p: Pending, parsed: ReturnType<typeof parseBody>): void {
    const { api, req } = p;
    // Auth.
    let actor: CpMember | null = null;
    if (api === 'coassemble') {
      const c = this.credentials.coassemble;
      const a = verifyCoassembleAuth(req.headers.authorization, { ...c }, this.opts.legacyAuth);
      if (!a.ok) return this.finish(p, caError(401, a.message));
    } else {
      const a = verifyCoursepathJwt(
        req.headers.authorization,
        { secret: this.credentials.coursepath.apiKey, windowSeconds: this.opts.jwtWindowSeconds, futureSkewSeconds: this.opts.jwtFutureSkewSeconds },
        this.jtis,
        p.at,
      );
      if (!a.ok) {
        if (a.jti !== undefined) p.entry.jti = a.jti;
        if (a.email !== undefined) p.entry.email = a.email;
        return this.finish(p, cpError(401, 'unauthorized', a.message));
      }
      p.entry.jti = a.claims.jti;
      p.entry.email = a.claims.email;
      actor = memberByEmail(this.state.coursepath, a.claims.email) ?? null;
      if (!actor) return this.finish(p, cpError(401, 'unauthorized', `No member with email ${a.claims.email} in this academy`));
    }

    const fault = this.faults.next();
    if (fault.latencyMs > 0) {
      p.entry.latencyMs = (p.entry.latencyMs ?? 0) + fault.latencyMs;
      this.later(fault.latencyMs, () => this.afterFault(p, fault, parsed.ok ? parsed.body : null, parsed.ok ? null : parsed.message, actor));
    } else {
      this.afterFault(p, fault, parsed.ok ? parsed.body : null, parsed.ok ? null : parsed.message, actor);
    }
  }

  private afterFault(p: Pending, fault: FaultDecision, body: Body, bodyError: string | null, actor: CpMember | null): void {
    const ca = p.api === 'coassemble';
    switch (fault.kind) {
      case '500':
        return this.finish(p, ca ? caError(500, 'Internal server error') : cpError(500, 'server_error', 'Internal server error'), 'fault:500');
      case '503': {
        const h = { 'retry-after': '1' };
        return this.finish(p, ca ? caError(503, 'Service unavailable', h) : cpError(503, 'service_unavailable', 'Service unavailable', h), 'fault:503');
      }
      case 'reset':
        this.ledger.record({ ...p.entry, status: 0, outcome: 'reset' });
        p.req.socket.destroy();
        return;
      case 'timeout':
        // Never answer; the socket stays open until the client gives up (or close() destroys it).
        this.ledger.record({ ...p.entry, status: 0, outcome: 'timeout' });
        return;
      default:
        break;
    }
    let reply: Reply;
    if (bodyError !== null) reply = ca ? caError(400, bodyError) : cpError(400, 'invalid_body', bodyError);
    else reply = this.route(p, body, actor);
    if (fault.kind === 'lost') {
      // The work is done, the answer never arrives.
      this.ledger.record({ ...p.entry, status: reply.status, outcome: 'lost' });
      p.req.socket.destroy();
      return;
    }
    if (fault.kind === 'cut') {
      // The work is done and its status goes, but the answer stops halfway: the socket closes mid-body.
      this.ledger.record({ ...p.entry, status: reply.status, outcome: 'cut' });
      const { payload, type } = payloadOf(reply);
      p.res.writeHead(reply.status, { 'content-type': type, 'content-length': Buffer.byteLength(payload), ...reply.headers });
      p.res.write(payload.slice(0, Math.floor(payload.length / 2)), () => p.req.socket.destroy());
      return;
    }
    // The work is done; a gateway's page answers instead of the LMS (not the LMS's error envelope).
    if (fault.kind === '504')
      return this.finish(
        p,
        { status: 504, text: '<html><body><h1>504 Gateway Time-out</h1></body></html>', headers: { 'content-type': 'text/html' } },
        'fault:504',
      );
    this.finish(p, reply);
  }

  private route(p: Pending, body: Body, actor: CpMember | null): Reply {
    const ca = p.api === 'coassemble';
    const segments = decodeSegments(p.rest);
    if (!segments) return ca ? caError(400, 'Malformed path') : cpError(400, 'invalid_path', 'Malformed path');
    const router = ca ? caRouter : cpRouter;
    const m = router.match(p.method, segments);
    if (!m) {
      const exists = router.pathExists(segments);
      const status = exists ? 405 : 404;
      const message = exists ? `Method ${p.method} not allowed on ${p.path}` : `Cannot ${p.method} ${p.path}`;
      return ca ? caError(status, message) : cpError(status, exists ? 'method_not_allowed' : 'not_found', message);
    }
    if (ca && m.route.automate && this.opts.plan === 'core') {
      return caError(403, 'Your plan does not include this endpoint (Embed Automate and above)');
    }
    if (!ca && m.route.admin && actor?.role !== 'admin') {
      return cpError(403, 'forbidden', 'You do not have permission to do this');
    }
    const note: Ctx['note'] = {};
    const ctx: Ctx = {
      state: this.state,
      opts: this.opts,
      baseUrl: this.url,
      params: m.params,
      query: new URLSearchParams(p.queryText),
      body,
      bodyType: bodyTypeOf(body, p.req.headers['content-type']),
      now: p.at,
      actor,
      note,
      embedSecret: this.credentials.coassemble.apiKey,
    };
    // dropWrites: the write runs on a throw-away copy, so it answers as usual and changes nothing.
    if (m.route.write && this.opts.dropWrites.has(m.route.write)) ctx.state = structuredClone(this.state);
    let reply: Reply;
    try {
      reply = m.route.handler(ctx);
    } catch (e) {
      console.error('[sandbox] handler failed', p.method, p.path, e);
      reply = ca ? caError(500, 'Internal server error') : cpError(500, 'server_error', 'Internal server error');
    }
    if (note.identifier !== undefined) p.entry.identifier = note.identifier;
    return reply;
  }

  private finish(p: Pending, reply: Reply, outcome?: string): void {
    this.ledger.record({ ...p.entry, status: reply.status, outcome: outcome ?? outcomeOf(reply.status) });
    this.send(p.res, reply);
  }

  private send(res: ServerResponse, reply: Reply): void {
    const { payload, type } = payloadOf(reply);
    res.writeHead(reply.status, { 'content-type': type, 'content-length': Buffer.byteLength(payload), ...reply.headers });
    res.end(payload);
  }
}

/** A reply's body as sent, and its content type. */
function payloadOf(reply: Reply): { payload: string; type: string } {
  if (reply.text !== undefined) return { payload: reply.text, type: 'text/plain; charset=utf-8' };
  return { payload: reply.json !== undefined ? JSON.stringify(reply.json) : '', type: 'application/json; charset=utf-8' };
}

function bodyTypeOf(body: Body, contentType: string | undefined): Ctx['bodyType'] {
  if (body === null) return 'none';
  const ct = (contentType ?? '').toLowerCase();
  return ct.startsWith('application/x-www-form-urlencoded') || ct.startsWith('multipart/form-data') ? 'form' : 'json';
}

function errorName(status: number): string {
  switch (status) {
    case 413:
      return 'payload_too_large';
    case 429:
      return 'too_many_requests';
    default:
      return 'error';
  }
}
