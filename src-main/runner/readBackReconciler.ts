// Settling an in-doubt row of an idempotent template by reading its effect, rather than sending it again:
// the read-back check of the template (src-shared/connectors/readBacks.ts) asks the LMS whether it holds
// what the row sent. It does → the row succeeded and nothing is sent twice (sending it again could even
// fail it: a second removal answers 404, a second restore 400). It does not → sent again. The read cannot
// tell → sent again, as before, since the call is safe to repeat. Its verdicts say what the read saw: a
// removal found done is a thing found gone (this request removed it, or it was gone before).
import { describeMismatch, readBackFor } from '../../src-shared/connectors/readBacks';
import type { Template } from '../../src-shared/connectors/types';
import type { LookupVerdict, Reconciler } from './reconcilers';

export function readBackReconciler(template: Template): Reconciler | undefined {
  const spec = template.idempotent ? readBackFor(template.id) : undefined;
  if (!spec) return undefined;
  return {
    // No answer was saved for an in-doubt row: the read is built from what it sent.
    lookup: (built) => spec.read({ template, built, responseBody: '' }),
    found: () => ({ kind: 'unknown' }),
    judge(status, body, built): LookupVerdict {
      const v = spec.compare({ template, built, responseBody: '' }, status, body);
      if (v.kind === 'match') return { kind: 'found', record: '', read: { what: spec.what, seen: v.detail } };
      if (v.kind === 'mismatch') return { kind: 'absent', read: { what: spec.what, seen: describeMismatch(v) } };
      return { kind: 'unknown' };
    },
  };
}
