interface Bin {
  label: string;
  count: number;
}

interface Props {
  title: string;
  bins: readonly Bin[];
  testId?: string;
}

const WIDTH = 720;
const HEIGHT = 220;
const PAD_BOTTOM = 28;
const PAD_TOP = 18;

/** Counts per bin as adjacent vertical bars, labelled underneath and with their count on top. */
export function Histogram({ title, bins, testId }: Props) {
  const total = bins.reduce((n, b) => n + b.count, 0);
  if (total === 0) return <div className="chart-empty muted">Nothing to chart yet.</div>;
  const top = Math.max(...bins.map((b) => b.count), 1);
  const w = WIDTH / bins.length;
  const plot = HEIGHT - PAD_BOTTOM - PAD_TOP;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart-title">{title}</figcaption>
      <svg
        className="histogram"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label={`${title}: ${bins.map((b) => `${b.label}: ${b.count}`).join(', ')}`}
      >
        {bins.map((b, i) => {
          const h = (b.count / top) * plot;
          const x = i * w;
          const y = HEIGHT - PAD_BOTTOM - h;
          return (
            <g key={b.label}>
              <rect className="chart-bar" x={x + 2} y={y} width={w - 4} height={h} />
              {b.count > 0 && (
                <text className="chart-value" x={x + w / 2} y={y - 4} textAnchor="middle">
                  {b.count}
                </text>
              )}
              <text className="chart-label" x={x + w / 2} y={HEIGHT - 10} textAnchor="middle">
                {b.label}
              </text>
            </g>
          );
        })}
        <line className="chart-axis" x1={0} x2={WIDTH} y1={HEIGHT - PAD_BOTTOM} y2={HEIGHT - PAD_BOTTOM} />
      </svg>
    </figure>
  );
}
