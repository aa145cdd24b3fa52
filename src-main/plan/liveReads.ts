// A plan's reads from the LMS itself: each GET through the connection's throttle and the runner's retry
// policy (../sync/syncFetcher.ts), in as few calls as it can (src-shared/plan/readPolicy.ts: list pages
// while they cost less than one read per key still unknown, then one by one), and every answer saved as it
// comes back (a list page with its cursor in one transaction), so a stopped plan resumes where it was.
// A plan's job reads the same way, just before it writes, what the plan read of its rows' targets
// (./planTargets.ts); it keeps the answers in memory for that run only.
import type { ReaderId } from '../../src-shared/plan/planner';
import { keepListing, lastPage } from '../../src-shared/plan/readPolicy';
import { LIST_SOURCES, READER_SPECS, type ListSource } from '../../src-shared/plan/readSpecs';
import type { ListCursor, ReadEntry } from '../db/plans';
import { SyncAborted, type GetOutcome } from '../sync/syncFetcher';
import type { PlanKnowledge } from './planKnowledge';

/** The plan cannot go on: an answer that cannot be understood, a refusal (403) — said in words. */
export class PlanFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanFailure';
  }
}

/** Where the reads go as they come back, and where a list stopped (the plan's tables, or memory). */
export interface ReadStore {
  cursor(source: string, scope: string): ListCursor;
  /** A list page's records with the cursor after it (for a plan, one transaction). */
  savePage(source: string, scope: string, cursor: ListCursor, entries: readonly ReadEntry[]): void;
  /** One-by-one reads. */
  saveReads(entries: readonly ReadEntry[]): void;
}

export interface LiveReadDeps {
  store: ReadStore;
  fetcher: { getJson(pathAndQuery: string): Promise<GetOutcome> };
  knowledge: PlanKnowledge;
  /** One-by-one reads in flight at once (the connection's default concurrency). */
  concurrency: number;
  signal: { readonly aborted: boolean };
  progress(label: string): void;
}

/** Per-key reads are saved this many at a time: a kill loses at most these (read again on resume). */
const SAVE_EVERY = 50;

interface Group {
  source: ListSource | null;
  scope: string;
  /** Reader → keys wanted that are not known yet. */
  wanted: Map<ReaderId, Set<string>>;
  /** Reader → keys taken along from the same list's pages, if it is paged (they never page it themselves). */
  along: Map<ReaderId, Set<string>>;
}

type Keys = ReadonlyMap<ReaderId, ReadonlySet<string>>;

/** Adds `key` to `reader`'s keys in `m` (reader → keys wanted). */
export const addKey = (m: Map<ReaderId, Set<string>>, reader: ReaderId, key: string) => {
  let s = m.get(reader);
  if (!s) m.set(reader, (s = new Set()));
  s.add(key);
};

/**
 * Reads every wanted key (reader → keys); afterwards each is known, found or absent. Keys `along` are
 * picked out of the pages of a list read for wanted keys, and known when it holds them or is read to its
 * end; otherwise left unknown, at no cost.
 */
export async function readLive(d: LiveReadDeps, wanted: Keys, along: Keys = new Map()): Promise<void> {
  // Keys answered by the same list (and scope) are read together: one members list serves both the
  // by-email and the by-id reader.
  const groups = new Map<string, Group>();
  const groupOf = (reader: ReaderId, key: string) => {
    const spec = READER_SPECS[reader];
    const source = spec.list ? LIST_SOURCES[spec.list.source]! : null;
    const scope = spec.list ? spec.list.scopeOf(key) : '';
    return { id: source ? `${source.id}\u0000${scope}` : `one\u0000${reader}`, source, scope };
  };
  for (const [reader, keys] of wanted) {
    for (const key of keys) {
      if (d.knowledge.has(reader, key)) continue;
      const { id, source, scope } = groupOf(reader, key);
      let g = groups.get(id);
      if (!g) groups.set(id, (g = { source, scope, wanted: new Map(), along: new Map() }));
      addKey(g.wanted, reader, key);
    }
  }
  for (const [reader, keys] of along) {
    for (const key of keys) {
      if (d.knowledge.has(reader, key)) continue;
      const g = groups.get(groupOf(reader, key).id);
      if (g?.source) addKey(g.along, reader, key);
    }
  }
  for (const g of groups.values()) {
    if (g.source) await readGroup(d, g, g.source);
    else await readOneByOne(d, g.wanted, 'one by one');
  }
}

function unknownOf(d: LiveReadDeps, g: Group): Map<ReaderId, string[]> {
  const out = new Map<ReaderId, string[]>();
  for (const [reader, keys] of g.wanted) {
    const left = [...keys].filter((k) => !d.knowledge.has(reader, k));
    if (left.length) out.set(reader, left);
  }
  return out;
}

async function readGroup(d: LiveReadDeps, g: Group, source: ListSource): Promise<void> {
  let cursor = d.store.cursor(source.id, g.scope);
  // A list read to its end earlier answered the keys wanted then; keys wanted since start it afresh.
  if (cursor.done) cursor = { nextPage: 0, pages: 0, honoured: false, done: false };
  for (;;) {
    if (d.signal.aborted) throw new SyncAborted();
    const unknown = unknownOf(d, g);
    const count = [...unknown.values()].reduce((n, k) => n + k.length, 0);
    if (count === 0) return;
    const canReadOne = [...unknown.keys()].every((r) => READER_SPECS[r].one !== null);
    if (!keepListing({ pagesRead: cursor.pages, unknownKeys: count, canReadOne, canList: !cursor.done })) {
      return readOneByOne(d, new Map([...unknown].map(([r, k]) => [r, new Set(k)])), source.label);
    }
    cursor = await readPage(d, g, source, cursor, unknown);
  }
}

async function readPage(
  d: LiveReadDeps,
  g: Group,
  source: ListSource,
  cursor: ListCursor,
  unknown: Map<ReaderId, string[]>,
): Promise<ListCursor> {
  const path = source.path(g.scope, cursor.nextPage, source.pageSize);
  const res = await d.fetcher.getJson(path);
  let rows: unknown[];
  if (res.kind === 'fatal') {
    // A course or group that is gone has no members: every key under it is absent.
    if (res.status === 404 && g.scope !== '') rows = [];
    else throw new PlanFailure(`Reading ${source.label} (GET ${path}): ${res.message}`);
  } else if (!Array.isArray(res.body)) {
    throw new PlanFailure(`Reading ${source.label} (GET ${path}): the answer is not a list.`);
  } else rows = res.body as unknown[];

  const wantedNow = new Map([...unknown].map(([r, keys]) => [r, new Set(keys)]));
  for (const [reader, keys] of g.along)
    for (const key of keys) if (!d.knowledge.has(reader, key)) addKey(wantedNow, reader, key);
  const entries: ReadEntry[] = [];
  for (const raw of rows) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) continue;
    const record = raw as Record<string, unknown>;
    for (const [reader, keys] of wantedNow) {
      const key = READER_SPECS[reader].list!.keyOf(g.scope, record);
      if (key !== null && keys.delete(key)) entries.push({ reader, key, record });
    }
  }
  const last = lastPage({
    rows: rows.length,
    asked: source.pageSize,
    honoured: cursor.honoured,
    minCap: source.minCap,
  });
  // The list is read to its end: every key it was asked for and did not hold is not in the LMS.
  if (last)
    for (const [reader, keys] of wantedNow)
      for (const key of keys) entries.push({ reader, key, record: null });
  const next: ListCursor = {
    nextPage: source.paging === 'offset' ? cursor.nextPage + rows.length : cursor.nextPage + 1,
    pages: cursor.pages + 1,
    honoured: cursor.honoured || rows.length >= source.pageSize,
    done: last,
  };
  d.store.savePage(source.id, g.scope, next, entries);
  d.knowledge.add(entries);
  d.progress(`${source.label}: page ${next.pages}`);
  return next;
}

async function readOneByOne(
  d: LiveReadDeps,
  wanted: ReadonlyMap<ReaderId, ReadonlySet<string>>,
  label: string,
): Promise<void> {
  const tasks: { reader: ReaderId; key: string }[] = [];
  for (const [reader, keys] of wanted)
    for (const key of keys) if (!d.knowledge.has(reader, key)) tasks.push({ reader, key });
  let next = 0;
  let buffer: ReadEntry[] = [];
  let failure: unknown = null;
  const flush = () => {
    if (buffer.length === 0) return;
    d.store.saveReads(buffer);
    d.knowledge.add(buffer);
    buffer = [];
    d.progress(`${label}: ${d.knowledge.size} read`);
  };
  const worker = async () => {
    while (next < tasks.length && failure === null) {
      const { reader, key } = tasks[next++]!;
      const one = READER_SPECS[reader].one;
      if (!one) throw new PlanFailure(`internal: ${reader} cannot be read one by one`);
      const path = one.path(key);
      const res = await d.fetcher.getJson(path);
      const answer = res.kind === 'ok' ? one.answer(key, 200, res.body) : one.answer(key, res.status, null);
      if (answer.state === 'unreadable')
        throw new PlanFailure(`GET ${path}: ${res.kind === 'fatal' ? res.message : answer.why}`);
      buffer.push({ reader, key, record: answer.state === 'found' ? answer.record : null });
      if (buffer.length >= SAVE_EVERY) flush();
    }
  };
  const workers = Array.from({ length: Math.min(d.concurrency, tasks.length) }, () =>
    worker().catch((e: unknown) => {
      failure ??= e;
    }),
  );
  await Promise.all(workers);
  flush(); // what came back before a failure is kept
  if (failure !== null) throw failure;
}
