// What an in-doubt row's lookup says, in the row's note and error (src-main/runner/inDoubt.ts). A lookup of
// a create finds the record or not; a lookup that reads the row's effect (a read-back: a removal, an
// update, a state change — src-main/runner/readBackReconciler.ts) finds it done or not, and says what it
// saw. A removal's effect found means the thing is gone: this request removed it, or it was gone before —
// either way it must not be sent again, and nothing was "created".
import type { Template } from '../connectors/types';
import { plural } from '../util/plural';

/** A read of the row's effect and what it showed: "the member's course result", "member 5 in course 3 has…". */
export interface EffectRead {
  what: string;
  seen: string;
}

const removal = (template: Pick<Template, 'method'>) => template.method === 'DELETE';

/**
 * A removal whose LMS answered 2xx (the answer cut off, or not saved) and whose read still finds the thing
 * there: it has not taken effect — whatever the 2xx meant (accepted for later, or lost) — and removing is
 * safe to repeat (at worst a 404, which after a lost send counts as done: answerDecision.ts). So it is sent
 * again, unlike a create, whose 2xx says something was made that a lookup may not see yet.
 */
export function removalStillThere(template: Pick<Template, 'method'>, spent: boolean): string | null {
  if (!removal(template)) return null;
  return `: the removal has not taken effect${spent ? '' : ', so it is sent again (removing is safe to repeat)'}`;
}

/** "a lookup found it had reached Coursepath"; a read of the effect says what it found. */
export function foundWords(template: Pick<Template, 'method'>, api: string, read?: EffectRead): string {
  if (!read) return `a lookup found it had reached ${api}`;
  return `a read of ${read.what} found ${read.seen}${removal(template) ? ': the removal took effect (or it was gone before)' : ''}`;
}

/** "a lookup found it had not reached Coursepath"; a read of the effect: it found it not done, and what it saw. */
export function absentWords(api: string, read?: EffectRead): string {
  return read ? `a read of ${read.what} found it not done (${read.seen})` : `a lookup found it had not reached ${api}`;
}

/** The same when the LMS answered a 2xx that was cut off: "a lookup did not find it". */
export function notFoundWords(read?: EffectRead): string {
  return read ? `a read of ${read.what} found it not done (${read.seen})` : 'a lookup did not find it';
}

/**
 * A row whose lookup did not find its effect and whose attempts are used up: "Not created after 2 attempts."
 * — a removal not removed, an invitation not sent, an update or state change not done (with what the read saw).
 */
export function notDoneAfter(template: Pick<Template, 'method' | 'id'>, attempts: number, read?: EffectRead): string {
  const done = removal(template)
    ? 'removed'
    : template.id.endsWith('.invite')
      ? 'invited'
      : read
        ? 'done'
        : 'created';
  return `Not ${done} after ${plural(attempts, 'attempt')}${read ? `: ${read.seen}` : ''}.`;
}
