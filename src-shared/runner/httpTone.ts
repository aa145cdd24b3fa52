// How History paints an answer's HTTP status: by what the answer did to its row, not by the code alone.
// A row can succeed on a 4xx — an add told 409 finds its member already there, a removal sent again after
// a lost answer is told 404 (answerDecision.ts) — and its status painted in the error colour would
// contradict its badge and its note. So can a read: the runner reads an enrolment's or a group's target
// before writing it (for undo, src-shared/undo/priorReads.ts), and a 404 there is "not there yet", the
// usual answer before an add. The code is still shown, in a neutral colour, saying why on hover.
import type { AttemptDto, ItemStatus } from '../contract/api';

export type HttpTone = 'none' | 'ok' | 'client' | 'server' | 'settled';

type Kind = AttemptDto['kind'];

/** A read before the write told the target is not there: expected, whatever became of the row. */
const notThereYet = (status: number, kind?: Kind) => kind === 'prior' && status === 404;

/**
 * `row`: the status of the row the answer belongs to, where the answer is its last one; `kind`: what the
 * attempt was (a send, a read before or back, a lookup).
 */
export function httpTone(status: number | null, row?: ItemStatus, kind?: Kind): HttpTone {
  if (status === null) return 'none';
  if (status < 300) return 'ok';
  if (row === 'succeeded' || notThereYet(status, kind)) return 'settled';
  return status < 500 ? 'client' : 'server';
}

/** What a settled status says on hover; undefined for the others (their colour says it). */
export function httpToneTitle(status: number | null, row?: ItemStatus, kind?: Kind): string | undefined {
  if (status !== null && notThereYet(status, kind))
    return `HTTP ${status}: not there before the write, as expected (its undo has nothing to put back)`;
  return httpTone(status, row, kind) === 'settled'
    ? `HTTP ${status}, but the row succeeded: its note says why`
    : undefined;
}

/**
 * The row status the attempt at `index` is painted by: the row's for the answer that settled it (its last
 * send, or the lookup that settled it in doubt; a read before or back after a write is not that answer),
 * none for the others — an earlier 409 or 503 that was tried again keeps its code's colour.
 */
export function attemptRow(
  attempts: readonly { kind: AttemptDto['kind'] }[],
  index: number,
  row: ItemStatus | undefined,
): ItemStatus | undefined {
  const settling = attempts.findLastIndex((a) => a.kind === 'send' || a.kind === 'lookup');
  return index === settling ? row : undefined;
}
