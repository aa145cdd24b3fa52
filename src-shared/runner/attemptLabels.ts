// What History calls each exchange of a row. The stored number counts every exchange (a read before the
// write is 1, its send 2); an admin counts sends, as the audit export does (src-main/db/audit.ts): the
// first send is "Attempt 1", and a read is named by what it was, numbered only when there are several.
import type { AttemptDto, ItemStatus } from '../contract/api';

type Kind = AttemptDto['kind'];

const NAME: Record<Kind, string> = {
  send: 'Attempt',
  lookup: 'Lookup',
  dry_run: 'Dry run',
  readback: 'Read back',
  prior: 'Read before',
};

/** One label per exchange, in the order given (the row's attempts, oldest first). */
export function attemptLabels(kinds: readonly Kind[]): string[] {
  const total = new Map<Kind, number>();
  for (const k of kinds) total.set(k, (total.get(k) ?? 0) + 1);
  const seen = new Map<Kind, number>();
  return kinds.map((k) => {
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return k === 'send' || (total.get(k) ?? 0) > 1 ? `${NAME[k]} ${n}` : NAME[k];
  });
}

/** The answers that tell a row to wait (./classifyResponse.ts `throttled`), in words. */
const TOLD_TO_WAIT: Readonly<Record<number, string>> = { 429: 'too many requests', 503: 'unavailable' };

/**
 * Why a row's tries leave out its last send, for History's Tries cell: a row the LMS told to wait (429,
 * 503) goes again without using up an attempt (./answerDecision.ts `refundAttempt`), so it can show
 * "0" beside its 503. Null when there is nothing to explain (the row is settled, or its answer was
 * another). A 403 that says "rate limit" is given back too, but its status alone does not say so.
 */
export function triesNote(item: {
  attempts: number;
  responseStatus: number | null;
  status: ItemStatus;
}): string | null {
  const why = item.responseStatus === null ? undefined : TOLD_TO_WAIT[item.responseStatus];
  if (!why || (item.status !== 'retry_wait' && item.status !== 'pending')) return null;
  return `HTTP ${item.responseStatus}: the LMS asked to wait (${why}); this try is not counted`;
}
