// Run's requests-per-second series, as its chart draws it: one point a second while the job sends (the
// latest progress of that second). Where the job stops sending — paused, stopped, finished — the line
// falls to zero there and stays at zero until it sends again, instead of a straight line drawn across
// the pause as if it had sent all along.

export interface RatePoint {
  at: number;
  /** Requests per second achieved. */
  rate: number;
  /** The job's ceiling; null = none. */
  limit: number | null;
  /** The pace in force when throttle signals lowered it; null otherwise. */
  lowered: number | null;
  /** Not sending here (the zero stretch of a pause): never replaced by a later sample. */
  idle?: true;
}

export const RATE_SAMPLE_EVERY_MS = 1_000;
/** Ten minutes of points at one a second; older ones scroll off. */
export const RATE_MAX_POINTS = 600;

/**
 * The series with `p`, a progress sample taken while the job was (`sending`) or was not sending. When the
 * sample adds nothing (the job still stopped), the same array comes back: nothing for the chart to redraw.
 */
export function addRatePoint(series: RatePoint[], p: RatePoint, sending: boolean): RatePoint[] {
  const last = series.at(-1);
  const keep = (next: RatePoint[]) => next.slice(-RATE_MAX_POINTS);
  if (!sending) {
    // Stopped: one zero point where it stopped (nothing before it was sending: nothing to draw).
    if (!last || last.idle) return series;
    return keep([...series, { at: p.at, rate: 0, limit: p.limit, lowered: null, idle: true }]);
  }
  // Sending again: the zero stretch runs up to this moment, then the line leaves it.
  if (last?.idle) return keep([...series, { ...last, at: Math.max(last.at, p.at - 1) }, p]);
  // The latest sample of the second stands for it (the series' first point stays where it started).
  if (last && p.at - last.at < RATE_SAMPLE_EVERY_MS && series.length > 1)
    return [...series.slice(0, -1), { ...p, at: last.at }];
  return keep([...series, p]);
}
