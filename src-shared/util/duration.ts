// A length of time as an admin reads it on Run and in History: "148 ms", "42 s", "3 min 5 s",
// "2 h 10 min". One formatter for the job's own words (runStatus.ts) and the screen's figures.

export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1_000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
