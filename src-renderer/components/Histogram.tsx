interface Bin {
  label: string;
  count: number;
}

interface Props {
  title: string;
  /** What the bins are, written under them (e.g. "Score (0–100)"). */
  x: string;
  /** What the bars count, written up the left side (e.g. "Number of scores"). */
  y: string;
  bins: readonly Bin[];
  testId?: string;
}

const WIDTH = 720;
const HEIGHT = 240;
/** Room for the bin labels and, under them, the x axis's title. */
const PAD_BOTTOM = 46;
const PAD_TOP = 18;
/** Room for the y axis's title, turned upright. */
const PAD_LEFT = 22;

/** Counts per bin as adjacent vertical bars, labelled underneath and with their count on top; each axis says
 *  what it counts. */
export function Histogram({ title, x: xTitle, y: yTitle, bins, testId }: Props) {
  const total = bins.reduce((n, b) => n + b.count, 0);
  if (total === 0) return <div className="chart-empty muted">Nothing to chart yet.</div>;
  const top = Math.max(...bins.map((b) => b.count), 1);
  const w = (WIDTH - PAD_LEFT) / bins.length;
  const plot = HEIGHT - PAD_BOTTOM - PAD_TOP;
  const base = HEIGHT - PAD_BOTTOM;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart-title">{title}</figcaption>
      <svg
        className="histogram"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label={`${yTitle} per ${yTitle === xTitle ? 'bin' : xTitle.charAt(0).toLowerCase() + xTitle.slice(1)}: ${bins.map((b) => `${b.label}: ${b.count}`).join(', ')}`}
      >
        {bins.map((b, i) => {
          const h = (b.count / top) * plot;
          const x = PAD_LEFT + i * w;
          const y = base - h;
          return (
            <g key={b.label}>
              <rect className="chart-bar" x={x + 2} y={y} width={w - 4} height={h} />
              {b.count > 0 && (
                <text className="chart-value" x={x + w / 2} y={y - 4} textAnchor="middle">
                  {b.count}
                </text>
              )}
              <text className="chart-label" x={x + w / 2} y={base + 18} textAnchor="middle">
                {b.label}
              </text>
            </g>
          );
        })}
        <line className="chart-axis" x1={PAD_LEFT} x2={WIDTH} y1={base} y2={base} />
        <line className="chart-axis" x1={PAD_LEFT} x2={PAD_LEFT} y1={PAD_TOP} y2={base} />
        <text
          className="chart-axis-title"
          x={PAD_LEFT + (WIDTH - PAD_LEFT) / 2}
          y={HEIGHT - 6}
          textAnchor="middle"
        >
          {xTitle}
        </text>
        <text
          className="chart-axis-title"
          transform={`translate(14 ${PAD_TOP + plot / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          {yTitle}
        </text>
      </svg>
    </figure>
  );
}
