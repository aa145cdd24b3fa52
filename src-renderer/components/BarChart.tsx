interface Bar {
  label: string;
  value: number;
  /** The source (connection) of the bar; bars of one source share a colour, named in the legend. */
  group?: string;
}

interface Props {
  title: string;
  bars: readonly Bar[];
  /** The axis end; default the largest value. */
  max?: number | null;
  unit?: string;
  testId?: string;
  /** Said instead of the bars when there are none, when the report knows why. */
  empty?: string;
}

const ROW = 22;
const LABEL_W = 220;
const VALUE_W = 64;
const WIDTH = 720;

/** Horizontal bars, one per label, each with its value; an SVG with a text alternative. */
export function BarChart({ title, bars, max, unit = '', testId, empty }: Props) {
  if (bars.length === 0)
    return (
      <div className="chart-empty muted" data-testid={testId ? `${testId}-empty` : undefined}>
        {empty ?? 'Nothing to chart yet.'}
      </div>
    );
  const top = max ?? Math.max(...bars.map((b) => b.value), 1);
  const plot = WIDTH - LABEL_W - VALUE_W;
  const height = bars.length * ROW + 8;
  const fmt = (v: number) => `${Number.isInteger(v) ? v : v.toFixed(1)}${unit}`;
  const groups = [...new Set(bars.map((b) => b.group).filter((g): g is string => !!g))];
  const tone = (b: Bar) => (b.group ? groups.indexOf(b.group) % 4 : 0);
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart-title">
        {title}
        {groups.length > 1 && (
          <span className="chart-legend">
            {groups.map((g, i) => (
              <span key={g} className="legend-item">
                <span className={`legend-swatch tone-${i % 4}`} aria-hidden="true" /> {g}
              </span>
            ))}
          </span>
        )}
      </figcaption>
      <svg
        className="bar-chart"
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-label={`${title}: ${bars.map((b) => `${b.label}${b.group ? ` (${b.group})` : ''} ${fmt(b.value)}`).join(', ')}`}
      >
        {bars.map((b, i) => {
          const y = 4 + i * ROW;
          const w = top > 0 ? Math.max(0, (Math.min(b.value, top) / top) * plot) : 0;
          return (
            <g key={`${b.label}-${i}`}>
              <text className="chart-label" x={LABEL_W - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle">
                {b.label.length > 32 ? `${b.label.slice(0, 31)}…` : b.label}
                <title>{b.group ? `${b.label} · ${b.group}` : b.label}</title>
              </text>
              <rect className={`chart-bar tone-${tone(b)}`} x={LABEL_W} y={y + 3} width={w} height={ROW - 6} rx={3} />
              <text className="chart-value" x={LABEL_W + w + 6} y={y + ROW / 2} dominantBaseline="middle">
                {fmt(b.value)}
              </text>
            </g>
          );
        })}
        <line className="chart-axis" x1={LABEL_W} x2={LABEL_W} y1={2} y2={height - 2} />
      </svg>
    </figure>
  );
}
