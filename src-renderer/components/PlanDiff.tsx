import type { PlanDiff as Diff } from '../../src-shared/plan/types';

/** The fields a row changes: `field: old → new`, the old struck through; nothing held reads "(none)". */
export function PlanDiff({ diff }: { diff: readonly Diff[] }) {
  if (diff.length === 0) return null;
  return (
    <ul className="plan-diff">
      {diff.map((d) => (
        <li key={d.field}>
          <span className="plan-field">{d.field}</span>{' '}
          {d.old === null ? <span className="muted">(none)</span> : <del>{d.old}</del>} →{' '}
          {d.new === null ? <span className="plan-removed">(removed)</span> : <ins>{d.new}</ins>}
        </li>
      ))}
    </ul>
  );
}
