// Command-line flags of `npm run sandbox` → SandboxOptions (kept apart from cli.ts so it can be tested
// without starting a server).
import { parseArgs } from 'node:util';
import { parseFaults } from './faults';
import { resolveOptions } from './options';
import { parseRateLimit } from './rateLimit';
import type { RateLimit, SandboxOptions } from './types';

export const USAGE = `Usage: npm run sandbox -- [options]

  --port N                  port on 127.0.0.1 (default 4010; 0 = random)
  --seed N                  repeatable credentials, demo data and fault sequence
  --faults SPEC             e.g. 500:0.05,reset:0.02,503:0.01,timeout:0.01,lost:0.01,latency:20-80
  --coassemble-limit R/W    Coassemble rate limit per client IP (default 100/60s; "none" = off)
  --coursepath-limit R/W    Coursepath rate limit per client IP (default none), e.g. 10/1s
  --no-limits               no rate limits at all
  --plan core|automate      Coassemble plan (default automate; core → 403 on Automate endpoints)
  --jwt-window SECONDS      max age of a Coursepath JWT iat (default 120)
  --duplicate-member existing|conflict   POST /members with a known email: 200 existing (default) or 409
  --legacy-auth             accept the retired COASSEMBLE-V1-SHA256 header (refused by default)
  --no-legacy-auth          (the default; kept for old scripts)
  --group-name-from body|query|either    where DELETE member groups reads name (default body)
  --user-delete-default delete|ignore    Coassemble DELETE user without action (default delete)
  --tracking-delete-body form|any        DELETE tracking reads form fields only (default) or any
  --drop-writes IDS         template ids whose writes answer success but do not stick, comma-separated
  --screen-types retired|legacy          GET /screen/types: 404 (default) or the legacy array
  --strict-repeats          a repeated write is refused: a second course delete answers 404, a second
                            publish with no changes 400, a second enrolment, program add or group add 409
                            (default: 200, as the first)
  --count-refused           a request refused with 429 still uses up the rate budget (default: it does not)
  --realistic               a real LMS's load: service times 80–400 ms, 24 requests at once + 24 waiting,
                            503 with Retry-After beyond (none of it announced); the options below adjust it
  --service-time MIN-MAX    realistic mode: service time range in ms (default 80-400)
  --capacity W[+Q]          realistic mode: W requests served at once, Q more waiting (default 24+24)
  --capacity-change N:W[+Q] realistic mode: after N requests admitted, the capacity becomes W+Q
  --credentials-json        print the credentials as one JSON line first
  --help`;

function limit(text: string | undefined, fallback: RateLimit | null | undefined): RateLimit | null | undefined {
  if (text === undefined) return fallback;
  return text === 'none' || text === 'off' ? null : parseRateLimit(text);
}

function intArg(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new Error(`--${name} must be a non-negative integer`);
  return Number(text);
}

export function optionsFromArgs(argv: string[]): { opts: SandboxOptions; credentialsJson: boolean; help: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      faults: { type: 'string' },
      'coassemble-limit': { type: 'string' },
      'coursepath-limit': { type: 'string' },
      'no-limits': { type: 'boolean' },
      plan: { type: 'string' },
      'jwt-window': { type: 'string' },
      'duplicate-member': { type: 'string' },
      'no-legacy-auth': { type: 'boolean' },
      'legacy-auth': { type: 'boolean' },
      'group-name-from': { type: 'string' },
      'user-delete-default': { type: 'string' },
      'tracking-delete-body': { type: 'string' },
      'drop-writes': { type: 'string' },
      'screen-types': { type: 'string' },
      'strict-repeats': { type: 'boolean' },
      'count-refused': { type: 'boolean' },
      realistic: { type: 'boolean' },
      'service-time': { type: 'string' },
      capacity: { type: 'string' },
      'capacity-change': { type: 'string' },
      'credentials-json': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const opts: SandboxOptions = { port: intArg('port', values.port) ?? 4010 };
  const seed = intArg('seed', values.seed);
  if (seed !== undefined) opts.seed = seed;
  if (values.faults !== undefined) {
    parseFaults(values.faults); // fail early with a clear message
    opts.faults = values.faults;
  }
  const ca = limit(values['coassemble-limit'], undefined);
  const cp = limit(values['coursepath-limit'], undefined);
  if (ca !== undefined) opts.coassembleLimit = ca;
  if (cp !== undefined) opts.coursepathLimit = cp;
  if (values['no-limits']) {
    opts.coassembleLimit = null;
    opts.coursepathLimit = null;
  }
  if (values.plan !== undefined) {
    if (values.plan !== 'core' && values.plan !== 'automate') throw new Error('--plan must be core or automate');
    opts.plan = values.plan;
  }
  const jwtWindow = intArg('jwt-window', values['jwt-window']);
  if (jwtWindow !== undefined) opts.jwtWindowSeconds = jwtWindow;
  const dup = values['duplicate-member'];
  if (dup !== undefined) {
    if (dup !== 'existing' && dup !== 'conflict') throw new Error('--duplicate-member must be existing or conflict');
    opts.duplicateMember = dup;
  }
  if (values['no-legacy-auth']) opts.legacyAuth = false;
  if (values['legacy-auth']) opts.legacyAuth = true;
  const gn = values['group-name-from'];
  if (gn !== undefined) {
    if (gn !== 'body' && gn !== 'query' && gn !== 'either') throw new Error('--group-name-from must be body, query or either');
    opts.groupNameFrom = gn;
  }
  const ud = values['user-delete-default'];
  if (ud !== undefined) {
    if (ud !== 'delete' && ud !== 'ignore') throw new Error('--user-delete-default must be delete or ignore');
    opts.userDeleteDefault = ud;
  }
  const tb = values['tracking-delete-body'];
  if (tb !== undefined) {
    if (tb !== 'form' && tb !== 'any') throw new Error('--tracking-delete-body must be form or any');
    opts.trackingDeleteBody = tb;
  }
  if (values['drop-writes'] !== undefined) opts.dropWrites = values['drop-writes'].split(',').map((x) => x.trim()).filter(Boolean);
  const st = values['screen-types'];
  if (st !== undefined) {
    if (st !== 'retired' && st !== 'legacy') throw new Error('--screen-types must be retired or legacy');
    opts.screenTypes = st;
  }
  if (values['strict-repeats']) opts.strictRepeats = true;
  if (values['count-refused']) opts.countRefused = true;
  const realistic = realisticFromArgs(values);
  if (realistic) opts.realistic = realistic;
  return { opts, credentialsJson: values['credentials-json'] === true, help: values.help === true };
}

/** `--realistic` and its adjustments; any of them turns realistic mode on. */
function realisticFromArgs(values: {
  realistic?: boolean;
  'service-time'?: string;
  capacity?: string;
  'capacity-change'?: string;
}): SandboxOptions['realistic'] {
  const st = values['service-time'];
  const cap = values.capacity;
  const change = values['capacity-change'];
  if (!values.realistic && st === undefined && cap === undefined && change === undefined) return undefined;
  const r: Exclude<SandboxOptions['realistic'], boolean | undefined> = {};
  if (st !== undefined) {
    const m = /^(\d+)-(\d+)$/.exec(st);
    if (!m || Number(m[2]) < Number(m[1])) throw new Error('--service-time must be MIN-MAX in ms, e.g. 80-400');
    r.latency = { minMs: Number(m[1]), maxMs: Number(m[2]) };
  }
  const workersQueue = (text: string, flag: string) => {
    const m = /^(\d+)(?:\+(\d+))?$/.exec(text);
    if (!m || Number(m[1]) < 1) throw new Error(`${flag} must be W or W+Q (requests at once, waiting), e.g. 24+24`);
    return { workers: Number(m[1]), queue: m[2] === undefined ? Number(m[1]) : Number(m[2]) };
  };
  if (cap !== undefined) r.capacity = workersQueue(cap, '--capacity');
  if (change !== undefined) {
    const i = change.indexOf(':');
    const n = Number(change.slice(0, i));
    if (i < 1 || !Number.isInteger(n) || n < 1) throw new Error('--capacity-change must be N:W[+Q], e.g. 2500:8+8');
    r.capacity = { ...r.capacity, change: { afterRequests: n, ...workersQueue(change.slice(i + 1), '--capacity-change') } };
  }
  return r;
}

/** "realistic: 80–400 ms, 24 at once + 24 waiting, then 503" or "answers at once, no capacity limit". */
export function describeRealistic(r: SandboxOptions['realistic']): string {
  const o = resolveOptions({ realistic: r }).realistic;
  if (!o) return 'answers at once, no capacity limit (--realistic for a real LMS\'s)';
  const c = o.capacity;
  const change = c.change ? `; after ${c.change.afterRequests} requests ${c.change.workers} + ${c.change.queue}` : '';
  return `realistic: ${o.latency.minMs}–${o.latency.maxMs} ms per request, ${c.workers} at once + ${c.queue} waiting, then 503 (Retry-After ${c.retryAfterSeconds} s)${change}`;
}

export function describeLimit(l: RateLimit | null | undefined, fallback: string): string {
  if (l === undefined) return fallback;
  return l === null ? 'none' : `${l.requests} per ${l.windowMs / 1000}s per client IP`;
}

/** The two readings of unknowns that a client's reports depend on, as the banner says them. */
export function describeStrictness(o: Pick<SandboxOptions, 'strictRepeats' | 'countRefused'>): string {
  const repeats = o.strictRepeats
    ? 'a second delete 404, a second publish 400, a second enrolment/program/group add 409'
    : 'a second delete or add answers 200 (--strict-repeats to refuse it)';
  const refused = o.countRefused ? '429s count against the budget' : '429s do not count (--count-refused)';
  return `${repeats}; ${refused}`;
}
