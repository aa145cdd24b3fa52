// The CPU time a piece of work takes in this process (every thread of it: a database worker's too), for
// tests that bound how much work something does. Unlike the wall clock it does not grow while other
// processes have the cores: a 100,000-row backfill took 1.8 s of CPU and 14 s of wall time at load 18,
// a search over 100,000 rows 0.2 s of CPU and 2 s of wall time. A slower algorithm still shows in full.

export interface Timed<T> {
  value: T;
  /** User + system CPU time of this process while the work ran, in ms. */
  cpuMs: number;
  /** Wall time, for the log line only: it depends on the machine's load. */
  wallMs: number;
}

export async function cpuTimed<T>(work: () => T | Promise<T>): Promise<Timed<T>> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { value, cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall };
}
