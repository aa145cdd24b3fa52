// The run's pace over time, with axes: requests per second sent (a line), the job's limit (dashed) and,
// when throttle signals lowered it, the pace in force (dotted), so "the rate fell to 1.8/s" shows beside
// its reason in the events below it.
//
// Drawn by uPlot, pinned at 1.6.32 (package.json): a small (~50 KB), dependency-free canvas chart for time
// series, maintained since 2019, with real time and value axes, live data updates (setData) and resizing —
// what a hand-drawn SVG sparkline lacked — without pulling a charting framework into the renderer.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'react';
import { fmtRate } from './format';
import type { JobState } from '../../src-shared/contract/api';
import type { RatePoint } from '../../src-shared/runner/rateSeries';
import { formatClock } from '../../src-shared/util/dates';

interface Props {
  points: readonly RatePoint[];
  height?: number;
  /**
   * The job's state: a finished job's chart too short to draw stays so; a paused or interrupted one may
   * still get one when it resumes.
   */
  state?: JobState;
}

const MIN_SPAN_MS = 2_000;

const clockLabel = (at: number) => formatClock(at, { seconds: true });

const cssVar = (el: Element, name: string, fallback: string) =>
  getComputedStyle(el).getPropertyValue(name).trim() || fallback;

function toData(points: readonly RatePoint[]): uPlot.AlignedData {
  return [
    points.map((p) => p.at / 1000),
    points.map((p) => p.rate),
    points.map((p) => p.limit),
    points.map((p) => p.lowered),
  ];
}

export function RateChart({ points, height = 190, state = 'running' }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // Two seconds of samples at least: a rate "per second" drawn over less is a ramp from zero that says
  // nothing (a 60-row sandbox job is over in a fraction of a second).
  const enough = points.length >= 2 && points.at(-1)!.at - points[0]!.at >= MIN_SPAN_MS;

  useEffect(() => {
    const el = box.current;
    if (!el || !enough) return;
    const text = cssVar(el, '--text', '#222');
    const grid = cssVar(el, '--border', '#ddd');
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const u = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height,
        legend: { show: true, live: false },
        cursor: { show: false },
        scales: {
          x: { time: true },
          // From zero, and high enough to show the limit above the line.
          y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] },
        },
        axes: [
          {
            ...axis,
            space: 80,
            // Whole seconds as the clock shows them (uPlot's own labels turn sub-second at this scale).
            incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600],
            values: (_u, ticks) => ticks.map((t) => clockLabel(t * 1000)),
          },
          {
            ...axis,
            label: 'requests / s',
            size: 60,
            values: (_u, ticks) => ticks.map((t) => `${+t.toFixed(1)}`),
          },
        ],
        series: [
          {},
          {
            label: 'Sent per second',
            stroke: cssVar(el, '--accent', '#2457c5'),
            width: 2,
            points: { show: false },
          },
          {
            label: 'Limit',
            stroke: cssVar(el, '--muted', '#777'),
            width: 1.5,
            dash: [6, 4],
            points: { show: false },
            spanGaps: false,
          },
          {
            label: 'Lowered pace',
            stroke: cssVar(el, '--warn', '#b26b00'),
            width: 2,
            dash: [2, 3],
            points: { show: false },
            spanGaps: false,
          },
        ],
      },
      toData(points),
      el,
    );
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
    // Created once there is something to draw; later points arrive through setData below.
  }, [enough, height]);

  useEffect(() => {
    plot.current?.setData(toData(points));
  }, [points]);

  const last = points.at(-1);
  const label = last
    ? `Requests per second over time: now ${fmtRate(last.rate)}${last.limit ? `, limit ${fmtRate(last.limit)}` : ''}${last.lowered ? `, lowered to ${fmtRate(last.lowered)}` : ''}`
    : 'Requests per second over time';
  return (
    <figure className="rate-chart" data-testid="rate-chart" aria-label={label} role="img">
      {enough ? (
        <div ref={box} className="rate-chart-plot" />
      ) : (
        <div className="muted small" data-testid="rate-chart-waiting">
          {!points.length
            ? 'The chart appears once requests flow.'
            : state === 'completed' || state === 'cancelled'
              ? 'Too short to chart: under two seconds of sending.'
              : state === 'running'
                ? 'The chart appears after two seconds of sending.'
                : 'Under two seconds of sending so far: the chart appears once it has sent for two.'}
        </div>
      )}
    </figure>
  );
}
