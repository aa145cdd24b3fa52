// Where one field's value came from: the cell, each transform with the value after it, the lookup's
// answer, and what is sent — "  Fire Safety " → trim spaces → "Fire Safety" → look up … → 1042.
import type { FieldTrace } from '../../src-shared/mapping/explainRow';

const shown = (v: string) => (v === '' ? '(empty)' : v);

export function FieldTraceView({ trace }: { trace: FieldTrace }) {
  return (
    <span className="trace" data-testid={`trace-${trace.key}`}>
      <span className="trace-source muted">{trace.source}</span>
      {trace.input !== null && (
        <>
          {' '}
          <code className="trace-value">{shown(trace.input)}</code>
        </>
      )}
      {trace.steps.map((s, i) => (
        <span key={i} className={`trace-step${s.error ? ' trace-error' : ''}`} data-kind={s.kind}>
          <span aria-hidden="true"> → </span>
          <span className="trace-transform">{s.transform}</span>
          {s.error ? (
            <span className="error-text"> ✗ {s.error}</span>
          ) : (
            <>
              <span aria-hidden="true"> → </span>
              <code className="trace-value">{shown(s.value)}</code>
            </>
          )}
        </span>
      ))}
    </span>
  );
}
