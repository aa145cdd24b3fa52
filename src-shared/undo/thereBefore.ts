// What the read just before an add's write saw: was the member already there? The undo's derivation for the
// add's template (inverses.ts) already answers it — "nothing to undo" means the read saw it there — so the
// runner asks it too when an add is answered 409 (../runner/answerDecision.ts): a 409 to an add whose read
// saw the member NOT there is not a repeat, whatever else it means. And the other way round for a removal
// answered "not found": whether the read saw its target already gone (`goneBefore`).
import type { Template } from '../connectors/types';
import type { BuiltRequest } from '../mapping/types';
import { undoOf } from './inverses';
import { priorReadFor, type PriorVerdict } from './priorReads';

/** true: the read saw it there; false: it saw it not there; null: no read, or one that says neither. */
export function readSaysThere(
  template: Template,
  sent: BuiltRequest,
  prior: PriorVerdict | null,
): boolean | null {
  if (!prior || prior.kind === 'unreadable') return null;
  const spec = undoOf(template.id);
  if ('irreversible' in spec) return null;
  const r = spec.derive({ template, sent, prior, captured: null });
  return r.kind === 'nothing' ? true : r.kind === 'undo' ? false : null;
}

/**
 * A removal's target, named ("course 123"), when the read just before the write found it already gone: not
 * found (404), or in a state the undo finds nothing to undo in (a course already deleted). Null: no read,
 * one that saw the target there or says neither, or a target its read cannot name.
 */
export function goneBefore(
  template: Template,
  sent: BuiltRequest,
  prior: PriorVerdict | null,
): string | null {
  const name = priorReadFor(template.id)?.name?.(template, sent) ?? null;
  return name && readSaysGone(template, sent, prior) ? name : null;
}

/**
 * Whether the read just before a removal's write found its target already gone: not found (404), or in a
 * state the undo finds nothing to undo in (a member's groups without the group, a course already deleted).
 */
export function readSaysGone(template: Template, sent: BuiltRequest, prior: PriorVerdict | null): boolean {
  if (!prior || prior.kind === 'unreadable') return false;
  if (prior.kind === 'absent') return true;
  const spec = undoOf(template.id);
  if ('irreversible' in spec) return false;
  return spec.derive({ template, sent, prior, captured: null }).kind === 'nothing';
}
