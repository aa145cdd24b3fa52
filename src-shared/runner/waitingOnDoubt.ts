// A recipe job that has sent all it could may still hold items `waiting` on an earlier step of their row
// that ended in doubt (the connection broke, and a lookup could not tell whether it reached the LMS):
// nothing more happens to them until the admin decides that item. Such a job is not completed — its waiting
// items have no outcome — but paused by Bulk Desk for that decision (stop reason `inDoubt`), and says which
// steps are in doubt, which wait, and how to decide. Pure: the runner's end and the admin's decisions ask it.
import type { StopReason } from '../contract/api';
import { plural } from '../util/plural';

export interface StepDoubt {
  name: string;
  inDoubt: number;
  waiting: number;
}

/** `step 1 "Create member"`, `steps 1 "Create member" and 2 "Enrol in courses"`. */
export function stepsNamed(steps: readonly { name: string }[], which: readonly number[]): string {
  const named = which.map((i) => `${i + 1} "${steps[i]!.name}"`);
  const list = named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : named[0]!;
  return `${named.length > 1 ? 'steps' : 'step'} ${list}`;
}

/**
 * Why a recipe job that sent all it could is paused rather than completed: its items waiting on items in
 * doubt, step by step (in the job's step order); null when none waits (the job is completed).
 */
export function waitingOnDoubt(
  steps: readonly StepDoubt[],
  job: { id: string; connectionName: string },
): Omit<StopReason, 'at'> | null {
  const inDoubt = steps.reduce((n, s) => n + s.inDoubt, 0);
  const waiting = steps.reduce((n, s) => n + s.waiting, 0);
  if (inDoubt === 0 || waiting === 0) return null;
  const at = (f: (s: StepDoubt) => number) => steps.flatMap((s, i) => (f(s) > 0 ? [i] : []));
  const one = inDoubt === 1;
  return {
    kind: 'inDoubt',
    message:
      `${plural(inDoubt, 'item')} ${one ? 'is' : 'are'} in doubt (${stepsNamed(steps, at((s) => s.inDoubt))}), ` +
      `and ${plural(waiting, 'later item')} ${waiting === 1 ? 'waits' : 'wait'} on ${one ? 'it' : 'them'} ` +
      `(${stepsNamed(steps, at((s) => s.waiting))}): nothing more is sent for ${waiting === 1 ? 'it' : 'them'} until you decide. ` +
      `Look ${one ? 'it' : 'them'} up in ${job.connectionName}, then mark ${one ? 'it' : 'them'} succeeded if ` +
      `${one ? 'it' : 'they'} arrived, failed if not, or send ${one ? 'it' : 'them'} again ` +
      `(History, or bulk-desk jobs in-doubt ${job.id}).`,
  };
}
