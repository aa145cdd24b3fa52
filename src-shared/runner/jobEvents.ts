// What a running job says about itself, in words: the LMS asking to slow down, the pace lowered, a row
// failing or waiting to retry, the job pausing, starting, ending, the admin settling rows in doubt. The
// runner records these facts (a small hook in src-main/runner/activeJob.ts); this file turns them into
// the sentences Run, History and the CLI show, and folds repeats together so a thousand failures of one
// kind are one line, not a thousand.
import type { ItemCounts, JobEventDto, JobEventKind, JobState, StopKind } from '../contract/api';
import { andList } from '../util/andList';
import { retryAfterText } from './longWait';
import { cutOffAnswer } from './cutOffAnswer';
import { inDoubtMayGo } from './rerunFailed';

/** A fact as the runner reports it, before it has a number or a sentence. */
export interface JobEventFact {
  kind: JobEventKind;
  at: number;
  /** The row it is about, if any (spreadsheet numbering). */
  rowNumber?: number | null;
  /** HTTP status of the answer, if any. */
  status?: number | null;
  /** The LMS's Retry-After, in ms, when it gave one. */
  retryAfterMs?: number | null;
  /** Requests per second: the lowered pace (`slowed`), the new rate (`rateChanged`, null = the default). */
  ratePerSecond?: number | null;
  /** The cause in words: the API's message, a network error, a stop reason. */
  detail?: string | null;
  /** `retrying`: when the row is tried again. */
  retryInMs?: number | null;
  /** A fact about several rows at once (`resolved`): the first few, and how many in all. */
  rows?: readonly number[];
  count?: number;
  /** A recipe job's: its rows go step by step, so what fails or falls in doubt is an item of a row. */
  items?: boolean;
  /** The item it is about (a recipe job's events count items, each once). */
  itemId?: number;
  /** A fact about several items at once (`resolved`): how many items; `count` is their rows. A recipe job's event counts items. */
  itemCount?: number;
}

/** Rows named in one folded event; the rest are counted. */
export const ROWS_NAMED = 5;
/** Facts of one kind and detail this close together fold into one event. */
export const FOLD_WITHIN_MS = 30_000;
/** Events kept per job (in memory while it runs, and in SQLite). */
export const EVENTS_KEPT = 200;

const seconds = (ms: number) => {
  const s = ms / 1000;
  return s >= 10 || Number.isInteger(s) ? `${Math.round(s)} s` : `${s.toFixed(1)} s`;
};
export const rateText = (r: number) =>
  r >= 10 ? `${Math.round(r)}/s` : r >= 1 ? `${r.toFixed(1)}/s` : `${(r * 60).toFixed(1)}/min`;
const perMinute = (r: number) => (r * 60 >= 10 ? `${Math.round(r * 60)}/min` : `${(r * 60).toFixed(1)}/min`);
/**
 * A rate and its limit said in one unit, so one reads against the other: "48/min (limit 100/min)", not
 * "48.0/min (limit 1.7/s)". The minute when either is under one a second; a rate of 0 is not shown.
 */
export const rateAndLimitText = (rate: number, limit: number): [string, string] =>
  rate > 0 && Math.min(rate, limit) < 1 ? [perMinute(rate), perMinute(limit)] : [rateText(rate), rateText(limit)];

/**
 * "row 4", "rows 4 and 7", "rows 4, 7, 9, 12, 15 and 37 more". `count`: for kinds that happen once per row
 * (a failure) the number of rows folded (each counted once: see `newRow`); otherwise (`count` null) the
 * rows beyond the named ones are "others".
 */
export function rowsText(rows: readonly number[], count: number | null): string {
  if (rows.length === 0) return '';
  if (rows.length === 1 && (count === null || count <= 1)) return `row ${rows[0]}`;
  const more = count === null ? (rows.length >= ROWS_NAMED ? -1 : 0) : count - rows.length;
  if (more === 0) return `rows ${andList(rows)}`;
  return `rows ${andList([...rows, more < 0 ? 'others' : `${more.toLocaleString('en-US')} more`])}`;
}

const cap = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/**
 * A recipe job's items, `count` of them (each counted once), of `rows` (the first few named): "an item of
 * row 4", "3 items of rows 4 and 7", "40 items of rows 2, 3, 4, 5, 6 and others".
 */
export function itemsText(rows: readonly number[], count: number): string {
  if (rows.length === 0) return '';
  // Every row is named while fewer than ROWS_NAMED are, or when there are no more items than rows named.
  const named = rowsText(rows, rows.length < ROWS_NAMED || count <= rows.length ? rows.length : null);
  return count <= 1 ? `an item of ${named}` : `${count.toLocaleString('en-US')} items of ${named}`;
}

/** The sentence for an event (folded: its rows and count). */
export function describeJobEvent(
  e: Pick<
    JobEventDto,
    'kind' | 'count' | 'rows' | 'status' | 'retryAfterMs' | 'ratePerSecond' | 'detail' | 'retryInMs'
  >,
  /** A recipe job's event: its rows' facts are about items (steps) of them. */
  items = false,
): string {
  const times = e.count > 1 ? ` (${e.count.toLocaleString('en-US')} times)` : '';
  // A row fails or falls in doubt once; it may wait for a retry several times.
  const count = e.kind === 'failed' || e.kind === 'inDoubt' ? e.count : null;
  const named = rowsText(e.rows, count);
  // A recipe's: its items, counted where the event counts (its rows named), else items of the rows named.
  const rows =
    items && named
      ? count !== null
        ? itemsText(e.rows, count)
        : e.rows.length === 1
          ? `an item of ${named}`
          : `items of ${named}`
      : named;
  switch (e.kind) {
    case 'throttled': {
      const wait =
        e.retryAfterMs !== null
          ? `Retry-After ${retryAfterText(e.retryAfterMs, seconds)}`
          : `${e.detail ?? 'no Retry-After'}, waiting 1 s`;
      return e.status === 503
        ? `The LMS is busy (HTTP 503) and asked to wait: ${wait}${times}. The rows wait and are sent again; no attempt is used up.`
        : `The LMS asked to slow down (HTTP ${e.status ?? 429}): ${wait}${times}. The rows wait and are sent again; no attempt is used up.`;
    }
    case 'slowed':
      return `Several answers in a row asked to slow down: the pace is lowered to ${rateText(e.ratePerSecond ?? 0)} for now${e.count > 1 ? ` (lowered ${e.count} times)` : ''}; it comes back up by itself after calm seconds.`;
    case 'failed':
      return `${cap(rows)} failed: ${e.detail ?? 'no reason given'}`;
    case 'retrying':
      return `${cap(rows)}: ${e.detail ?? 'no answer'}; tried again${e.retryInMs != null ? ` in ${seconds(e.retryInMs)}` : ''}${times}.`;
    case 'inDoubt': {
      // An answer cut off after its status reached the LMS: only what it did is unknown.
      const cut = cutOffAnswer(e.detail);
      return cut
        ? `${cap(rows)} reached the LMS, which answered HTTP ${cut.status}, but the answer was cut off after the status (${cut.how}): in doubt, since what the LMS did is not known from it; not sent again by itself.`
        : `${cap(rows)} may or may not have reached the LMS (${e.detail ?? 'no answer'}): in doubt, not sent again by itself.`;
    }
    case 'paused':
      return e.detail
        ? `Paused by Bulk Desk: ${e.detail}`
        : 'Paused by you. Requests in flight finished and were recorded.';
    case 'started':
      return e.detail ?? 'Started.';
    case 'ended':
      return e.detail ?? 'Ended.';
    case 'credentialsChecked':
      return e.detail ?? 'Checked the credentials before resuming.';
    case 'rateChanged':
      return `Rate changed to ${e.ratePerSecond ? rateText(e.ratePerSecond) : 'the connection’s default'}.`;
    case 'cancelled':
      return 'Cancelled by you. Requests in flight finished and were recorded; the rows not sent stay unsent.';
    case 'resolved': {
      // Rows settled by one decision or read: `count` of them (a recipe's: items), the first few named.
      const many = e.count > 1 || e.rows.length > 1;
      const settled = items ? itemsText(e.rows, e.count) : rowsText(e.rows, e.count);
      const them = many ? 'them' : 'it';
      const they = many ? 'they' : 'it';
      const chose =
        e.detail === READ_FOUND
          ? `a read of the LMS found ${they} had arrived, so ${they} ${many ? 'were' : 'was'} not sent again`
          : e.detail === READ_ABSENT
            ? `a read of the LMS found ${they} had not arrived, so ${they} ${many ? 'are' : 'is'} sent again`
            : e.detail === 'sent again'
              ? `you chose to send ${them} again`
              : `you marked ${them} as ${e.detail ?? 'settled'} (not sent again)`;
      return `${cap(settled)} ${many ? 'were' : 'was'} in doubt: ${chose}.`;
    }
  }
}

/**
 * A message with what belongs to one row left out — emails, quoted values, ids (not the HTTP status) —
 * so "A member with email ann@… already exists" and "…bob@… already exists" are one kind of failure.
 */
export function detailShape(detail: string | null): string | null {
  return detail === null
    ? null
    : detail
        .replace(/[^\s@"'“”<>(),;:]+@[^\s@"'“”<>(),;:]+/g, '…')
        .replace(/"[^"]*"|“[^”]*”/g, '"…"')
        .replace(/(?<!HTTP )\b\d+\b/g, '…');
}

/** Kinds whose repeats fold together (same kind, status and detail shape, close in time). */
const FOLDS: ReadonlySet<JobEventKind> = new Set(['throttled', 'slowed', 'failed', 'retrying', 'inDoubt']);
/**
 * Kinds said once per row: their event counts rows, not facts (a row may fail again: a rerun). A recipe
 * job's count its items, each once — a row's fan-out step fails item by item, and the job's counts are items.
 */
const PER_ROW: ReadonlySet<JobEventKind> = new Set(['failed', 'inDoubt']);
/** Rows (items) an event of those kinds remembers to count each once: the latest ones, so memory stays bounded. */
const ROWS_REMEMBERED = 256;
const rowsSeen = new WeakMap<JobEventDto, Set<number>>();
const itemsSeen = new WeakMap<JobEventDto, Set<number>>();

/**
 * Whether `id` is new to the event (and remembers it). An event read back from SQLite knows what it had
 * counted (saved with it: see eventCounted), else its named rows.
 */
function isNew(seenBy: WeakMap<JobEventDto, Set<number>>, e: JobEventDto, id: number, seed: readonly number[]): boolean {
  let seen = seenBy.get(e);
  if (!seen) seenBy.set(e, (seen = new Set(seed)));
  if (seen.has(id)) return false;
  seen.add(id);
  if (seen.size > ROWS_REMEMBERED) seen.delete(seen.values().next().value!);
  return true;
}

/**
 * What event `e` has counted, each once, saved with it in SQLite so that, read back, it still counts each
 * once: a recipe job's items (its failures and items in doubt), a plain job's rows — all of them, not only
 * the ROWS_NAMED its `rows` name. Empty for an event that counts nothing one by one.
 */
export const eventCounted = (e: JobEventDto): { itemIds: number[]; rowNumbers: number[] } => ({
  itemIds: [...(itemsSeen.get(e) ?? [])],
  rowNumbers: [...(rowsSeen.get(e) ?? [])],
});

/** An event read back from SQLite: what it had counted (eventCounted when it was saved). */
export function rememberEventCounted(
  e: JobEventDto,
  counted: { itemIds: readonly number[]; rowNumbers: readonly number[] },
): void {
  if (counted.itemIds.length > 0) itemsSeen.set(e, new Set(counted.itemIds.slice(-ROWS_REMEMBERED)));
  if (counted.rowNumbers.length > 0) rowsSeen.set(e, new Set(counted.rowNumbers.slice(-ROWS_REMEMBERED)));
}

/** Whether the fact counts in event `e` of a PER_ROW kind: a row new to it, or a recipe's item new to it. */
function counts(e: JobEventDto, f: JobEventFact): boolean {
  if (f.items) return f.itemId == null || isNew(itemsSeen, e, f.itemId, []);
  return f.rowNumber == null || isNew(rowsSeen, e, f.rowNumber, e.rows);
}

/**
 * Adds a fact to a job's events, newest last: folded into the latest event when it repeats it (same
 * kind, status and detail, within FOLD_WITHIN_MS, and since the run's start: a resumed run's events come
 * after its "Resumed" line), else appended with the next seq. Keeps at most `keep` events. Returns the
 * event that was added or changed.
 */
export function addJobEvent(
  events: JobEventDto[],
  jobId: string,
  f: JobEventFact,
  keep = EVENTS_KEPT,
): JobEventDto {
  const detail = f.detail ?? null;
  const status = f.status ?? null;
  if (FOLDS.has(f.kind)) {
    // The latest event of the same kind among the last few (a throttle and a failure may interleave).
    for (let i = events.length - 1; i >= Math.max(0, events.length - 4); i--) {
      const e = events[i]!;
      if (e.kind === 'started') break;
      if (e.kind !== f.kind || e.status !== status || f.at - e.lastAt > FOLD_WITHIN_MS) continue;
      if (e.detail !== detail && detailShape(e.detail) !== detailShape(detail)) continue;
      // The same failure about other values: say it without them.
      if (e.detail !== detail) e.detail = detailShape(detail);
      if (!PER_ROW.has(f.kind) || counts(e, f)) e.count += 1;
      e.lastAt = f.at;
      if (f.rowNumber != null && e.rows.length < ROWS_NAMED && !e.rows.includes(f.rowNumber))
        e.rows.push(f.rowNumber);
      if (f.retryAfterMs !== undefined) e.retryAfterMs = f.retryAfterMs;
      if (f.retryInMs !== undefined) e.retryInMs = f.retryInMs;
      if (f.ratePerSecond !== undefined) e.ratePerSecond = f.ratePerSecond; // a lowered pace: the latest
      e.message = describeJobEvent(e, f.items);
      return e;
    }
  }
  const e: JobEventDto = {
    jobId,
    seq: (events.at(-1)?.seq ?? 0) + 1,
    kind: f.kind,
    at: f.at,
    lastAt: f.at,
    count: (f.items ? f.itemCount : undefined) ?? f.count ?? 1,
    rows: f.rows ? [...f.rows] : f.rowNumber != null ? [f.rowNumber] : [],
    status,
    retryAfterMs: f.retryAfterMs ?? null,
    ratePerSecond: f.ratePerSecond ?? null,
    detail,
    retryInMs: f.retryInMs ?? null,
    message: '',
  };
  e.message = describeJobEvent(e, f.items);
  if (f.items && f.itemId != null && PER_ROW.has(f.kind)) isNew(itemsSeen, e, f.itemId, []);
  events.push(e);
  if (events.length > keep) events.splice(0, events.length - keep);
  return e;
}

/** The admin's decision on rows in doubt (`resolved`): its rows, the first ROWS_NAMED named and all counted. */
export function resolvedFact(
  action: 'resend' | 'markSucceeded' | 'markFailed',
  rowNumbers: readonly number[],
  at: number,
): JobEventFact {
  const detail = action === 'resend' ? 'sent again' : action === 'markSucceeded' ? 'succeeded' : 'failed';
  return settledFact(detail, rowNumbers, at);
}

/**
 * A `resolved` fact, `rowNumbers` one per row settled (a recipe's: one per item): a recipe's row may have
 * several items in doubt, so each row is named once — and a recipe job's event counts its items, as its
 * other counts do.
 */
function settledFact(detail: string, rowNumbers: readonly number[], at: number): JobEventFact {
  const rows = [...new Set(rowNumbers)].sort((a, b) => a - b);
  return {
    kind: 'resolved',
    at,
    detail,
    rows: rows.slice(0, ROWS_NAMED),
    count: rows.length,
    itemCount: rowNumbers.length,
  };
}

// A `resolved` event's detail when a read of the LMS settled the rows, not the admin.
const READ_FOUND = 'found by a read';
const READ_ABSENT = 'not found by a read';

/**
 * Rows in doubt a read of the LMS settled as the job (re)started (src-main/runner/inDoubt.ts): found there
 * (not sent again), or found never to have arrived (sent again). Without it the job's story went from "in
 * doubt" to "Completed" saying nothing of how.
 */
export function readSettledFact(
  how: 'found' | 'resend',
  rowNumbers: readonly number[],
  at: number,
): JobEventFact {
  return settledFact(how === 'found' ? READ_FOUND : READ_ABSENT, rowNumbers, at);
}

/** What a job says as its loop starts (`started`). */
export interface StartFacts {
  /** Rows it will send: pending, waiting to retry, in doubt. For a recipe job, its items (calls) to send. */
  rows: number;
  /** A recipe job: the rows those items are of (its items waiting for an earlier step counted too). */
  recipeRows?: number;
  dryRun: boolean;
  /** It had started before (a resume, or the rest of a cancelled job). */
  resumed: boolean;
  /** A rerun of its failed rows (or a recipe's failed items), as the admin asked: not a resume. */
  rerun?: boolean;
  /**
   * Of `rows`, those in doubt as a rerun of the failed rows starts: settled first, and sent only where that
   * says to (rerunFailed.ts inDoubtMayGo), so said apart from the failed rows.
   */
  inDoubt?: number;
  ratePerSecond: number;
  concurrency: number;
  autoConcurrency?: boolean;
}

/** "Started: 60 rows to send, at most 10/s, 4 in parallel." — or resumed, or a dry run. */
export function startedDetail(f: StartFacts): string {
  const count = (k: number, one: string) => `${k.toLocaleString('en-US')} ${one}${k === 1 ? '' : 's'}`;
  const n = count(f.rows, 'row');
  if (f.recipeRows !== undefined && !f.dryRun) {
    const what =
      f.rerun && f.inDoubt
        ? `${count(f.rows - f.inDoubt, 'item')} to send, and ${inDoubtMayGo(f.inDoubt, 'item')}, over ${count(f.recipeRows, 'row')}`
        : `${count(f.rows, 'item')} to send over ${count(f.recipeRows, 'row')}`;
    return `${opening(f, 'items')}: ${what}, ${paceWords(f)}.`;
  }
  if (f.dryRun) return `Dry run started: ${n} are built and checked; nothing is sent.`;
  if (f.rerun && f.inDoubt)
    return `${opening(f, 'rows')}: ${count(f.rows - f.inDoubt, 'row')} to send, and ${inDoubtMayGo(f.inDoubt, 'row')}, ${paceWords(f)}.`;
  return `${opening(f, 'rows')}: ${n} to send, ${paceWords(f)}.`;
}

const opening = (f: StartFacts, unit: 'rows' | 'items') =>
  f.rerun ? `Rerun of the failed ${unit}` : f.resumed ? 'Resumed' : 'Started';

/** "at most 10/s, 4 in parallel" */
function paceWords(f: StartFacts): string {
  const rate = Number.isFinite(f.ratePerSecond) ? `at most ${rateText(f.ratePerSecond)}` : 'no rate limit';
  const parallel = f.autoConcurrency
    ? `requests in parallel found automatically (from ${f.concurrency})`
    : `${f.concurrency} in parallel`;
  return `${rate}, ${parallel}`;
}

/**
 * What a job says as its loop ends (`ended`): completed with its counts, stopped with its reason, or paused
 * as it ended for the admin's decision on items in doubt that later items wait on, or with later items
 * waiting on a read its run stopped before. Null when it was paused
 * otherwise or cancelled: that was said when it happened.
 */
export function endedDetail(
  state: JobState,
  c: ItemCounts,
  stopMessage: string | null,
  stopKind: StopKind | null = null,
): string | null {
  if (state === 'paused' && stopKind === 'inDoubt') return `Paused for your decision: ${stopMessage}`;
  // Stopped going round before a read that later items wait on: said here, as nothing said it before.
  if (state === 'paused' && stopKind === 'awaitingRead') return `Paused by Bulk Desk: ${stopMessage}`;
  if (state === 'completed') {
    const n = (k: number) => k.toLocaleString('en-US');
    const parts = [`${n(c.succeeded)} succeeded`, `${n(c.failed)} failed`];
    if (c.skipped) parts.push(`${n(c.skipped)} skipped`);
    if (c.in_doubt) parts.push(`${n(c.in_doubt)} in doubt`);
    return `Completed: ${parts.join(', ')}.`;
  }
  if (state === 'interrupted') {
    // A reason that says it stopped itself ("Stopped: The disk…", "Stopped by an internal error: …") as is.
    const m = stopMessage ?? 'interrupted';
    return /^Stopped\b/.test(m) ? m : `Stopped: ${m}`;
  }
  return null;
}

/** A stop reason without its own leading "Stopped: " (a full disk's has one), for a line that says it. */
export const withoutStopped = (message: string): string => message.replace(/^Stopped: /, '');
