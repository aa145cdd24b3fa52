import { oldWords } from '../../src-shared/plan/diffWords';
import type { PlanDiff as Diff, PlanSource } from '../../src-shared/plan/types';

/**
 * The fields a row changes: `field: old → new`, the old struck through; nothing held reads "(none)", a
 * field the LMS's record does not carry reads as not known ("(not in the synced catalog)"; `source`).
 * `labels`: the template's field labels by key ("First name" for `firstname`), as Map names the fields;
 * the key the LMS uses stays on hover. A field with no label (a course, a metadata key) is shown as it is.
 */
export function PlanDiff({
  diff,
  labels,
  source,
}: {
  diff: readonly Diff[];
  labels?: ReadonlyMap<string, string>;
  source?: PlanSource;
}) {
  if (diff.length === 0) return null;
  return (
    <ul className="plan-diff">
      {diff.map((d) => (
        <li key={d.field}>
          <span className="plan-field" title={labels?.has(d.field) ? d.field : undefined}>
            {labels?.get(d.field) ?? d.field}
          </span>{' '}
          {d.old === null ? <span className="muted">{oldWords(d, source)}</span> : <del>{d.old}</del>} →{' '}
          {d.new === null ? <span className="plan-removed">(removed)</span> : <ins>{d.new}</ins>}
        </li>
      ))}
    </ul>
  );
}
