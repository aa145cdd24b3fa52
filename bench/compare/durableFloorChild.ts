// What "committed before it leaves" costs at the least, with no HTTP at all: the runner's own reads and
// writes for a job of N rows, done as fast as SQLite allows. The real services make the job (a temporary
// data folder, the dataset imported, the job created as runnerChild.ts does); then, per turn of 32 rows
// (what a turn carries at 16 in flight, src-shared/runner/reserveAhead.ts), the production statements: the
// due items read with their cells (items.nextDueItems), the rows marked `sending` (markSendingOps) and the
// previous turn's answers recorded (recordOutcomeOps, with a body the size of the sandbox's), as one
// transaction on one connection. The CPU time per row is the part of the runner's cost that no
// optimisation of the runner can remove while every row is committed before its request leaves; the
// bench prints it beside the bare loop's CPU per row, which stores nothing.
//   node --import tsx bench/compare/durableFloorChild.ts --csv F
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices } from '../../src-main/services';
import * as items from '../../src-main/db/items';
import { applyOps } from '../../src-main/db/writeOps';
import { memoryStore } from './benchServices';
import { arg, emit } from './child';
import { floorJob, turnOps, type SentRow } from './turnWrites';

export interface DurableFloorResult {
  rows: number;
  /** CPU per row of reading the due rows (with their cells) and of the turn's writes, in µs. */
  readUsPerRow: number;
  writeUsPerRow: number;
}

const TURN = 32;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bulkdesk-floor-'));
  const s = await createServices({ dataDir: dir, sandbox: false, credentials: memoryStore() });
  try {
    const job = await floorJob(s, arg('csv')!);
    const db = s.db;
    const inFlight = new Set<number>();
    let answered: SentRow[] = [];
    let readUs = 0;
    let writeUs = 0;
    for (;;) {
      let c = process.cpuUsage();
      const due = items.nextDueItems(db, job.id, Date.now(), TURN, inFlight);
      readUs += cpuSince(c);
      if (due.length === 0 && answered.length === 0) break;
      c = process.cpuUsage();
      const ops = turnOps(answered, due, Date.now());
      for (const a of answered) inFlight.delete(a.itemId);
      const ids = db.transaction(() => applyOps(db, ops)).immediate();
      writeUs += cpuSince(c);
      answered = due.map((item, i) => (inFlight.add(item.id), { itemId: item.id, attemptId: ids[i]! }));
    }
    const rows = job.rows;
    const result: DurableFloorResult = {
      rows,
      readUsPerRow: Math.round((readUs / rows) * 10) / 10,
      writeUsPerRow: Math.round((writeUs / rows) * 10) / 10,
    };
    emit('result', result);
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function cpuSince(c: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(c);
  return d.user + d.system;
}

void main().catch((e: unknown) => {
  process.stderr.write(`durable floor failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
