// Least-squares slope of y against x: how fast memory grows per row done, for runnerChild's table figure
// and runnerBench's own report. 0 with fewer than three points or no spread in x.
export function slope(points: readonly [number, number][]): number {
  const n = points.length;
  if (n < 3) return 0;
  const mx = points.reduce((a, p) => a + p[0], 0) / n;
  const my = points.reduce((a, p) => a + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
