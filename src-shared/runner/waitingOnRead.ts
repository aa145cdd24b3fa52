// A recipe job whose run stopped going round (src-shared/runner/sendPasses.ts: a pass that left as many items
// waiting on a read as the pass before) may still hold later items `waiting` on a read of what an earlier
// step of their row captured — a step sent elsewhere, or marked as succeeded by hand, whose answer is not
// known here (src-main/recipes/unknownCaptures.ts). Those items were neither sent nor decided: the job is not
// completed but paused by Bulk Desk (stop reason `awaitingRead`), and a resume reads what they wait on.
// Pure: the runner's end asks it.
import type { StopReason } from '../contract/api';
import { plural } from '../util/plural';
import { stepsNamed } from './waitingOnDoubt';

export interface StepWaiting {
  name: string;
  /** Items of the step whose captured fields are to be read before their rows' later steps go. */
  toRead: number;
  /** Items of the step not sent: waiting on an earlier step, or pending. */
  waiting: number;
}

/** Why a recipe job that stopped going round is paused: its items waiting on a read; null when none waits. */
export function waitingOnRead(
  steps: readonly StepWaiting[],
  job: { id: string },
): Omit<StopReason, 'at'> | null {
  const waiting = steps.reduce((n, s) => n + s.waiting, 0);
  if (waiting === 0) return null;
  const at = (f: (s: StepWaiting) => number) => steps.flatMap((s, i) => (f(s) > 0 ? [i] : []));
  const read = at((s) => s.toRead);
  const one = waiting === 1;
  const it = one ? 'it' : 'them';
  // What they wait on: a read of a step's captured fields, or (none found now) an earlier step of their row.
  const on = read.length
    ? `a read of what ${stepsNamed(steps, read)} captured, whose answer is not known here, and the job stopped before that read`
    : 'an earlier step of their row, and the job stopped before sending them';
  return {
    kind: 'awaitingRead',
    message:
      `${plural(waiting, 'later item')} (${stepsNamed(
        steps,
        at((s) => s.waiting),
      )}) ${one ? 'waits' : 'wait'} on ${on}: ` +
      `nothing more is sent for ${it} until then. Resume the job to ${read.length ? 'read it and ' : ''}send ${it} ` +
      `(History, or bulk-desk jobs resume ${job.id}).`,
  };
}
