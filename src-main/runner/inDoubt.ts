// Settling in-doubt items: requests that may or may not have reached the LMS (the app stopped while they
// were in flight, or the connection broke after they left), or that did, with their answer cut off after
// its status (then its notes say so, and a lookup that does not find a 2xx's row leaves it in doubt). Re-sending a non-idempotent call could do it
// twice, so where the API allows a read (reconcilers.ts) we look first:
//   found  → succeeded, with the fields captured from what the read returned; not sent again (a removal whose
//            read finds the thing gone: done, by this request or before it)
//   absent → pending: it never arrived (or, read by its effect, is not done), so it is sent again (failed if
//            its attempts are used up: not created, not removed, not done — ../../src-shared/runner/lookupWords.ts);
//            but a 2xx that came back (cut off, or not saved) says it arrived: held for the admin — except a
//            removal still there, which has not taken effect and is safe to send again
//   a read that fails or cannot be understood → stays in doubt, for the next pass or the admin.
import type { BuiltRequest } from '../../src-shared/mapping/types';
import type { Template } from '../../src-shared/connectors/types';
import { rowIsIdempotent } from '../../src-shared/connectors/rowIdempotent';
import { apiErrorMessage, LOST_AT_GATEWAY } from '../../src-shared/runner/classifyResponse';
import { cutOffAnswer } from '../../src-shared/runner/cutOffAnswer';
import {
  absentWords,
  foundWords,
  notDoneAfter,
  notFoundWords,
  removalStillThere,
} from '../../src-shared/runner/lookupWords';
import * as items from '../db/items';
import type { Db } from '../db/openDb';
import { recordReadAttempt, type ReadExchange } from '../db/readAttempts';
import { firstSendAt } from '../db/recipeItems';
import { captureFields } from './captureFields';
import type { LookupVerdict, Reconciler } from './reconcilers';
import { plural } from '../../src-shared/util/plural';

/** A lookup's exchange, as kept with the row (../db/readAttempts.ts). */
export type LookupResult = ReadExchange;

export interface InDoubtContext {
  db: Db;
  jobId: string;
  template: Template;
  reconciler: Reconciler;
  maxAttempts: number;
  /** The row's request, as the job builds it (null if the row no longer builds). */
  build(rowNumber: number): BuiltRequest | null;
  /** One signed, throttled GET. */
  lookup(pathAndQuery: string): Promise<LookupResult>;
  clock(): number;
  stopped(): boolean;
  /** Lookups at once (the job's concurrency); 1 when absent. */
  concurrency?: number;
  /**
   * A recipe job's items each have their own step's template (src-main/recipes/): the item's template,
   * reconciler and request; null when its template has no way to tell (held for the admin). When absent,
   * every item is the job's `template` and is built by `build`.
   */
  forItem?(item: items.InDoubtItem): { template: Template; reconciler: Reconciler; built: BuiltRequest | null } | null;
}

export interface InDoubtTally {
  found: number;
  resend: number;
  held: number;
  /** The rows (spreadsheet numbering) a read settled without the admin: found there, or sent again. */
  rows: { found: number[]; resend: number[] };
}

type Settled = 'found' | 'resend' | 'held';

const PAGE = 100;

export async function reconcileInDoubt(ctx: InDoubtContext): Promise<InDoubtTally> {
  const tally: InDoubtTally = { found: 0, resend: 0, held: 0, rows: { found: [], resend: [] } };
  const settle = async (item: items.InDoubtItem) => {
    const how = await settleOne(ctx, item);
    tally[how] += 1;
    if (how !== 'held') tally.rows[how].push(item.rowNumber);
  };
  let after = 0;
  for (;;) {
    const page = items.inDoubtItems(ctx.db, ctx.jobId, after, PAGE);
    if (page.length === 0 || ctx.stopped()) return tally;
    after = page.at(-1)!.id;
    // Each row's lookup is its own read, through the job's throttle: up to the job's concurrency at once
    // (one at a time, 36 lookups took 118 s against an LMS answering in 3 s).
    let next = 0;
    // The first row alone: a wrong key costs one refused read, not one per slot.
    if (tally.found + tally.resend + tally.held === 0) await settle(page[next++]!);
    const worker = async () => {
      while (next < page.length && !ctx.stopped()) await settle(page[next++]!);
    };
    await Promise.all(
      Array.from({ length: Math.min(Math.max(1, ctx.concurrency ?? 1), page.length) }, worker),
    );
    if (ctx.stopped()) return tally;
  }
}

/** What a lookup's answer says of the row: found (with the record), absent, or unknown (a failed read). */
export function lookupVerdict(
  reconciler: Reconciler,
  r: LookupResult,
  built: BuiltRequest,
  firstSentAt: () => number | null,
): LookupVerdict {
  if (r.status === null) return { kind: 'unknown' };
  if (reconciler.judge) return reconciler.judge(r.status, r.body, built);
  return r.status >= 200 && r.status < 300
    ? reconciler.found(r.body, built, { firstSentAt: firstSentAt() })
    : { kind: 'unknown' };
}

/**
 * What is known of the item's latest send when the LMS answered it although the row is in doubt — its answer
 * cut off after the status, or a status that came back but could not be saved — or null when nothing did:
 * the status, whether it is a 2xx (`done`: the LMS did it), the words for a note, and the error to keep.
 */
function answeredSend(
  db: Db,
  itemId: number,
  api: string,
): { status: number; done: boolean; words: string; error: string } | null {
  const sent = items.lastSend(db, itemId);
  const cut = cutOffAnswer(sent?.error ?? null);
  const status = cut?.status ?? sent?.status ?? null;
  // A gateway's 502/504 is not the LMS's answer (LOST_AT_GATEWAY): nothing is known of what the LMS did.
  if (status === null || LOST_AT_GATEWAY.has(status)) return null;
  return {
    status,
    done: status >= 200 && status < 300,
    words: cut
      ? `${api} got this request and answered HTTP ${status}, but the answer was cut off after the status (${cut.how})`
      : `${api} got this request and answered HTTP ${status}, but the answer could not be saved`,
    error: sent?.error ?? `In doubt: ${api} answered HTTP ${status}, but the answer could not be saved.`,
  };
}

/** Why a lookup could not tell, for a note. */
export const lookupFailure = (r: LookupResult): string =>
  r.error ?? (r.status === null ? 'no answer' : apiErrorMessage(r.status, r.body));

async function settleOne(ctx: InDoubtContext, item: items.InDoubtItem): Promise<Settled> {
  const target = ctx.forItem
    ? ctx.forItem(item)
    : { template: ctx.template, reconciler: ctx.reconciler, built: ctx.build(item.rowNumber) };
  if (!target) return 'held';
  const { template, reconciler, built } = target;
  const api = template.api === 'coursepath' ? 'Coursepath' : 'Coassemble';
  if (built && reconciler.resendSafe?.(built)) {
    const spent = item.attempts >= ctx.maxAttempts;
    items.settleInDoubt(ctx.db, item.id, {
      status: spent ? 'failed' : 'pending',
      note: `The app lost track of this request; this row is safe to send again${spent ? ', but its attempts are used up' : ', so it is sent again'}.`,
      error: spent ? `No answer after ${plural(item.attempts, 'attempt')}.` : null,
      at: ctx.clock(),
    });
    return spent ? 'held' : 'resend';
  }
  const path = built && reconciler.lookup(built);
  if (built && !path && rowIsIdempotent(template, built)) {
    items.settleInDoubt(ctx.db, item.id, {
      status: 'pending',
      note: 'In doubt after the app stopped; sent again, since this call is safe to repeat.',
      at: ctx.clock(),
    });
    return 'resend';
  }
  if (!built || !path) return 'held';
  const r = await ctx.lookup(path);
  recordReadAttempt(ctx.db, 'lookup', item.id, r);
  const at = ctx.clock();
  const verdict = lookupVerdict(reconciler, r, built, () => firstSendAt(ctx.db, item.id));
  // The LMS may have answered the row's send although it is in doubt: then it reached the LMS, said so.
  const known = answeredSend(ctx.db, item.id, api);
  if (verdict.kind === 'found') {
    items.settleInDoubt(ctx.db, item.id, {
      status: 'succeeded',
      note: known
        ? `${known.words}; ${verdict.read ? foundWords(template, api, verdict.read) : 'a lookup found it there'}, so it was not sent again.`
        : `The app lost track of this request; ${foundWords(template, api, verdict.read)}, so it was not sent again.`,
      captured: verdict.record ? captureFields(template, verdict.record) : null,
      at,
    });
    return 'found';
  }
  if (verdict.kind === 'absent') {
    // The LMS answered its send with a 2xx (the answer cut off after its status): it got the request and
    // did it, so a lookup that does not find it cannot be trusted to say it never arrived.
    const spent = item.attempts >= ctx.maxAttempts;
    // …except a removal (idempotent) still there: not done, whatever its 2xx said, and safe to send again.
    const stillThere = known?.done && rowIsIdempotent(template, built) ? removalStillThere(template, spent) : null;
    if (known?.done && stillThere === null) {
      items.settleInDoubt(ctx.db, item.id, {
        status: 'in_doubt',
        note: `${known.words}; ${notFoundWords(verdict.read)}, but the ${known.status} says it arrived, so it is not sent again by itself. Decide: send again, or mark it succeeded or failed.`,
        error: known.error,
        at,
      });
      return 'held';
    }
    items.settleInDoubt(ctx.db, item.id, {
      status: spent ? 'failed' : 'pending',
      note:
        known && stillThere !== null
          ? `${known.words}; ${absentWords(api, verdict.read)}${stillThere}.`
          : `The app lost track of this request; ${absentWords(api, verdict.read)}${spent ? '' : ', so it is sent again'}.`,
      error: spent ? notDoneAfter(template, item.attempts, verdict.read) : null,
      at,
    });
    return spent ? 'held' : 'resend';
  }
  const why = lookupFailure(r);
  if (rowIsIdempotent(template, built) && item.attempts < ctx.maxAttempts) {
    // Safe to repeat: a read that cannot tell does not hold the row.
    items.settleInDoubt(ctx.db, item.id, {
      status: 'pending',
      note: `The app lost track of this request and a lookup could not tell whether it arrived (${why}); sent again, since this call is safe to repeat.`,
      at,
    });
    return 'resend';
  }
  items.settleInDoubt(ctx.db, item.id, {
    status: 'in_doubt',
    note: known
      ? `${known.words}, and a lookup could not tell what it did (${why}). Decide: send again, or mark it succeeded or failed.`
      : `It may or may not have reached ${api}, and a lookup could not tell (${why}). Decide: send again, or mark it succeeded or failed.`,
    error: known?.error ?? 'In doubt: the app lost track of this request.',
    at,
  });
  return 'held';
}
