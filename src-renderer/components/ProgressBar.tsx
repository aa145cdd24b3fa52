import type { ItemCounts } from '../../src-shared/contract/api';
import { fmtInt } from './format';

interface Props {
  counts: ItemCounts;
  inFlight: number;
}

/** Succeeded, failed and skipped as coloured segments of one bar; the rest is still to do. */
export function ProgressBar({ counts, inFlight }: Props) {
  const total = Math.max(1, counts.total);
  const pct = (n: number) => `${(n / total) * 100}%`;
  const blocked = counts.blocked ?? 0; // recipe items behind a failed step: done, counted with the failures
  const done = counts.succeeded + counts.failed + blocked + counts.skipped;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label="Job progress"
      aria-valuemin={0}
      aria-valuemax={counts.total}
      aria-valuenow={done}
      aria-valuetext={`${fmtInt(done)} of ${fmtInt(counts.total)} done, ${fmtInt(counts.failed)} failed, ${inFlight} in flight`}
    >
      <div className="seg seg-ok" style={{ width: pct(counts.succeeded) }} />
      <div className="seg seg-failed" style={{ width: pct(counts.failed + blocked) }} />
      <div className="seg seg-skipped" style={{ width: pct(counts.skipped) }} />
      <div className="seg seg-flight" style={{ width: pct(Math.min(inFlight, counts.total - done)) }} />
    </div>
  );
}
