// What handing a turn to the writer thread costs (src-main/db/dbWriter.ts), apart from SQLite's own work:
// the runner's production writes for a create-member job (./compare/turnWrites.ts: each row marked
// `sending`, the previous turn's answers recorded), in turns of K rows, given turn by turn alternately to
// the writer thread and to the main connection inline. Per turn size it prints: messages per row (the
// turn and its acknowledgement), bytes per message (its structured clone's serialisation), what cloning
// it costs, what the sending thread spends encoding and posting it, and how long the turn's rows wait
// from the turn being ready to its commit being acknowledged — beside the same writes inline, whose time
// is SQLite's alone: the difference is the hand-off (the thread being woken, the copies, the reply being
// delivered); and the next turn's read of the due rows after each side's write (a write by the thread's
// own connection makes the main connection read its pages again). A measurement, not a timed test: read it with the load average it prints.
//   npx tsx bench/writerHandoff.ts [--rows 12000] [--turns 8,16,32]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { createServices } from '../src-main/services';
import { encodeWrite, threadWriter, type WireStatements } from '../src-main/db/dbWriter';
import * as items from '../src-main/db/items';
import { applyOps } from '../src-main/db/writeOps';
import { writeUsersCsv } from './csvImportBench';
import { memoryStore } from './compare/benchServices';
import { arg } from './compare/child';
import { spread } from './compare/rounds';
import { floorJob, turnOps, type SentRow } from './compare/turnWrites';

interface Side {
  /** Per turn: from the turn's writes being ready to the commit being acknowledged, µs. */
  waitUs: number[];
  /** Per turn: the sending thread's own time in the call (encode + post, or the whole inline transaction), µs. */
  syncUs: number[];
  /**
   * Per turn: the next turn's read of the due rows on the main connection, after this side's write (after
   * the thread's, SQLite on the main connection finds the file changed by another connection and reads
   * its pages again), µs.
   */
  readUs: number[];
}

async function main() {
  const rows = Number(arg('rows') ?? 12_000);
  const sizes = (arg('turns') ?? '8,16,32').split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'bulkdesk-handoff-'));
  const s = await createServices({ dataDir: dir, sandbox: false, credentials: memoryStore() });
  const writer = await threadWriter(s.db.name);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const job = await floorJob(s, writeUsersCsv(join(dir, 'users.csv'), rows));
    const db = s.db;
    const inFlight = new Set<number>();
    // What the bench's encoder has given its own numbering (as the thread's writer keeps one).
    const numbering: WireStatements = { known: new Map(), next: 0 };
    out(`writer thread hand-off, ${rows} rows, load ${loadavg()[0]!.toFixed(1)} at the start`);
    out(
      'rows/turn  msgs/row  bytes/msg  bytes/row  clone µs/row  encode+post µs/row  ' +
        'wait thread µs/turn (p50·p90)  inline µs/turn (p50·p90)  hand-off µs/row (p50)  ' +
        'read after thread · inline µs/row (p50)  load',
    );
    for (const k of sizes) {
      let answered: SentRow[] = [];
      const thread: Side = { waitUs: [], syncUs: [], readUs: [] };
      const inline: Side = { waitUs: [], syncUs: [], readUs: [] };
      const bytes: number[] = [];
      const cloneUs: number[] = [];
      const budget = Math.floor(rows / sizes.length / k); // turns for this size
      for (let turn = 0; turn < budget; turn++) {
        let t = performance.now();
        const due = items.nextDueItems(db, job.id, Date.now(), k, inFlight);
        // Turn 0 follows another size's last write: not counted.
        if (turn > 0) (turn % 2 === 1 ? thread : inline).readUs.push((performance.now() - t) * 1000);
        if (due.length === 0) break;
        const ops = turnOps(answered, due, Date.now());
        for (const a of answered) inFlight.delete(a.itemId);
        // The message as the thread receives it: its serialised size and the cost of cloning it.
        const message = { ...encodeWrite(ops, numbering), seq: turn };
        bytes.push(serialize(message).length);
        t = performance.now();
        structuredClone(message);
        cloneUs.push((performance.now() - t) * 1000);
        // Alternate sides, turn by turn, so load from elsewhere lands on both.
        let ids: number[];
        t = performance.now();
        if (turn % 2 === 0) {
          const p = writer.write(ops);
          thread.syncUs.push((performance.now() - t) * 1000);
          ids = await p;
          thread.waitUs.push((performance.now() - t) * 1000);
        } else {
          ids = db.transaction(() => applyOps(db, ops)).immediate();
          const us = (performance.now() - t) * 1000;
          inline.syncUs.push(us);
          inline.waitUs.push(us);
        }
        answered = due.map((item, i) => (inFlight.add(item.id), { itemId: item.id, attemptId: ids[i]! }));
      }
      const med = (xs: number[]) => spread(xs).median;
      const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
      const f = (x: number) => x.toFixed(1);
      // Rows per turn: k marked `sending` and k answers recorded (after the first turn).
      out(
        `${String(k).padEnd(9)}  ${(2 / k).toFixed(3).padEnd(8)}  ${String(Math.round(med(bytes))).padEnd(9)}  ` +
          `${String(Math.round(med(bytes) / k)).padEnd(9)}  ${f(med(cloneUs) / k).padEnd(12)}  ` +
          `${f(med(thread.syncUs) / k).padEnd(18)}  ` +
          `${`${Math.round(med(thread.waitUs))}·${Math.round(p90(thread.waitUs))}`.padEnd(29)}  ` +
          `${`${Math.round(med(inline.waitUs))}·${Math.round(p90(inline.waitUs))}`.padEnd(24)}  ` +
          `${f((med(thread.waitUs) - med(inline.waitUs)) / k).padEnd(21)}  ` +
          `${`${f(med(thread.readUs) / k)} · ${f(med(inline.readUs) / k)}`.padEnd(39)}  ${loadavg()[0]!.toFixed(1)}`,
      );
    }
  } finally {
    await writer.close();
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`writer hand-off bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
