// Where a job's turns are written: on the app's own connection, or in the writer thread
// (../db/dbWriter.ts). Both commit each turn before anything of it leaves; they differ in cost.
//
// The thread takes SQLite's work — statements, commits, the WAL checkpoints of a growing file — off the
// event loop that sends, which pays on a long job where that loop is the bottleneck. It costs a thread's
// start (its own connection and driver) and, each turn, a hand-off and a wait for a core, and the main
// connection re-reads the pages the other one changed. Measured in pairs on a quiet 2-core machine
// (bench/runnerPairs.ts, 2026-12-06; main connection / thread): 1,000 rows at concurrency 16: 115%, won
// 8 of 8; 10,000 rows at 8: a draw (102%, won 6 of 8; an hour later 95%, won 2 of 8); 10,000 at 16:
// 94%, won 2 of 6; 100,000 at 16: ~80%, won 0 of 4. Most admins' jobs are hundreds to a few thousand
// rows: those write on the main connection, and start no thread (~15 MB less at 1,000 rows).

/** A job with this many rows to send or more writes in the thread (between the measured 10k and 100k). */
export const THREAD_FROM_ROWS = 20_000;

/** Where a job with `rows` to send writes, as `setting` asks (`auto`: by its size). */
export function chooseWriter(
  setting: 'auto' | 'thread' | 'inline',
  rows: number,
  threadFromRows = THREAD_FROM_ROWS,
): 'thread' | 'inline' {
  if (setting !== 'auto') return setting;
  return rows >= threadFromRows ? 'thread' : 'inline';
}
