import type { PlanDiff as Diff } from '../../src-shared/plan/types';

/**
 * The fields a row changes: `field: old → new`, the old struck through; nothing held reads "(none)".
 * `labels`: the template's field labels by key ("First name" for `firstname`), as Map names the fields;
 * the key the LMS uses stays on hover. A field with no label (a course, a metadata key) is shown as it is.
 */
export function PlanDiff({ diff, labels }: { diff: readonly Diff[]; labels?: ReadonlyMap<string, string> }) {
  if (diff.length === 0) return null;
  return (
    <ul className="plan-diff">
      {diff.map((d) => (
        <li key={d.field}>
          <span className="plan-field" title={labels?.has(d.field) ? d.field : undefined}>
            {labels?.get(d.field) ?? d.field}
          </span>{' '}
          {d.old === null ? <span className="muted">(none)</span> : <del>{d.old}</del>} →{' '}
          {d.new === null ? <span className="plan-removed">(removed)</span> : <ins>{d.new}</ins>}
        </li>
      ))}
    </ul>
  );
}
