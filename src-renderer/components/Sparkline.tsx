interface Point {
  ratePerSecond: number;
  failed: number;
}

interface Props {
  points: readonly Point[];
  /** Rate ceiling drawn as a dashed line, if known. */
  limit?: number | null;
  width?: number;
  height?: number;
}

/** Throughput over time (line) with failures (red ticks) and the rate limit (dashed). */
export function Sparkline({ points, limit, width = 320, height = 60 }: Props) {
  if (points.length < 2)
    return <div className="sparkline-empty muted">The chart appears once requests flow.</div>;
  const maxRate = Math.max(limit ?? 0, ...points.map((p) => p.ratePerSecond), 0.1);
  const step = width / (points.length - 1);
  const y = (r: number) => height - 4 - (r / maxRate) * (height - 8);
  const line = points
    .map((p, i) => `${i ? 'L' : 'M'}${(i * step).toFixed(1)},${y(p.ratePerSecond).toFixed(1)}`)
    .join(' ');
  const maxFailed = Math.max(1, ...points.map((p) => p.failed));
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Throughput chart, latest ${points[points.length - 1]!.ratePerSecond.toFixed(1)} requests per second`}
    >
      {limit ? <line className="spark-limit" x1={0} x2={width} y1={y(limit)} y2={y(limit)} /> : null}
      {points.map((p, i) =>
        p.failed > 0 ? (
          <rect
            key={i}
            className="spark-fail"
            x={i * step - 1}
            width={2}
            y={height - (p.failed / maxFailed) * (height / 2)}
            height={(p.failed / maxFailed) * (height / 2)}
          />
        ) : null,
      )}
      <path className="spark-line" d={line} />
    </svg>
  );
}
