// The kill -9 loop the crash-recovery proofs share (test/integration/runner/*CrashRecovery.test.ts in
// `npm test`, at the smallest size that shows each promise; bench/crashSoak.ts at soak size): a runner
// in a child process resumes the job, is SIGKILLed as soon as the sandbox's ledger reaches the next
// point, and a last child finishes the job.
import type { JobSummary } from '../../../src-shared/contract/api';
import type { LedgerEntry, Sandbox } from '../../../src-main/sandbox/index';
import { mulberry32 } from '../../../src-main/sandbox/prng';
import { runnerChild } from '../tsxChild';

export interface KillRun {
  /** Kills that landed (fewer than the points when the job ended before a point was reached). */
  kills: number;
  /** The last child's exit code (0: the job settled). */
  code: number | null;
  /** The last child's final summary (null if it printed none). */
  summary: JobSummary | null;
}

/** A seed for the random kill points: KILL_SEED when given (to replay a failure), else the clock. */
export const killSeed = (): number => Number(process.env.KILL_SEED ?? Date.now() % 1_000_000);

/**
 * `n` sorted kill points in [from, from + span) drawn with `seed` (same seed, same points). `spread`: one
 * in the middle half of each of `n` equal stretches, so each child sends something new before its kill
 * (the small runs of `npm test`); otherwise anywhere, two kills close together included (the soak).
 */
export function killPoints(seed: number, n: number, from: number, span: number, spread = false): number[] {
  const rand = mulberry32(seed);
  const stretch = span / n;
  return Array.from({ length: n }, (_, i) =>
    spread
      ? Math.floor(from + i * stretch + stretch / 4 + (rand() * stretch) / 2)
      : Math.floor(rand() * span) + from,
  ).sort((a, b) => a - b);
}

/**
 * Runs `jobId` on `dataDir` in child runners, killing each once `count()` (read from the sandbox's ledger)
 * reaches its point, then a last child to the end.
 */
export async function killAtPoints(
  dataDir: string,
  jobId: string,
  points: readonly number[],
  count: () => number,
): Promise<KillRun> {
  let kills = 0;
  for (const point of points) {
    const run = runnerChild(dataDir, jobId);
    let finished = false;
    void run.exited.then(() => (finished = true));
    while (!finished && count() < point) await new Promise((r) => setTimeout(r, 1));
    if (finished) break; // the job completed before this point: nothing left to kill
    run.child.kill('SIGKILL');
    await run.exited;
    kills++;
  }
  const { code, stdout } = await runnerChild(dataDir, jobId).exited;
  const line = stdout.trim().split('\n').at(-1);
  const summary = code === 0 && line ? (JSON.parse(line) as JobSummary) : null;
  return { kills, code, summary };
}

/** Counts the entries of `sandbox`'s ledger after `seq` that `match`, reading only the new ones each call. */
export function ledgerCounter(sandbox: Sandbox, match: (e: LedgerEntry) => boolean, seq = 0): () => number {
  let seen = seq;
  let n = 0;
  return () => {
    for (const e of sandbox.ledger.since(seen)) {
      seen = e.seq;
      if (match(e)) n++;
    }
    return n;
  };
}
