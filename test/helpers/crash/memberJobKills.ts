// A Coursepath create-member job SIGKILLed at `kills` points and resumed each time (crashRecovery.test.ts
// at a small size, bench/crashSoak.ts at 2,000 rows, round after round). Create-member is not
// idempotent, so rows left in doubt by a kill are settled by a lookup (GET /members?email=) before any is
// sent again. The sandbox answers a second create of the same email with 409 (`duplicateMember:
// 'conflict'`), so a careless re-send would show; its ledger is the witness. Returns what the ledger and
// the data folder show, for the caller to judge.
import { openDb } from '../../../src-main/db/openDb';
import { createServices } from '../../../src-main/services';
import { startSandbox, type LedgerEntry } from '../../../src-main/sandbox/index';
import type { JobSummary } from '../../../src-shared/contract/api';
import { callOk } from '../callOk';
import { saveCoursepathConnection } from '../sandboxConnection';
import { seedDataset, userRows } from '../seedDataset';
import { tempDir } from '../tempDir';
import { killAtPoints, killPoints, ledgerCounter } from './killLoop';

export const isCreate = (e: LedgerEntry) => e.method === 'POST' && e.path === '/api/v1/members';
export const isLookup = (e: LedgerEntry) => e.method === 'GET' && e.path === '/api/v1/members';

export interface MemberKills {
  points: number[];
  kills: number;
  code: number | null;
  summary: JobSummary | null;
  /** Members created (201) per email. */
  created: Map<string, number>;
  /** Creates answered 409: a row that tried to create a member that existed. */
  conflicts: number;
  lookups: number;
  /** Create requests the sandbox received. */
  received: number;
  /** The rows' notes, counted: what each lookup decided. */
  notes: { note: string; n: number }[];
  /** Rows whose saved answer has no member id. */
  withoutId: number;
}

export async function memberJobKills(opts: {
  rows: number;
  kills: number;
  seed: number;
  /** One point per stretch of the job (see killPoints). */
  spread?: boolean;
}): Promise<MemberKills> {
  const { rows } = opts;
  // Latency keeps several requests in flight at any moment, so kills land mid-request.
  const sandbox = await startSandbox({ seed: 11, duplicateMember: 'conflict', faults: 'latency:3-12' });
  const dir = tempDir();
  try {
    // Set up with an in-process runner, then hand the data folder over to child processes.
    const setup = await createServices({ dataDir: dir.path, sandbox: false });
    const connection = await saveCoursepathConnection(setup, sandbox, 'Kill test · Coursepath');
    const datasetId = seedDataset(setup.db, ['email', 'first_name', 'last_name'], userRows(rows));
    const job = await callOk(setup, 'jobs.create', {
      datasetId,
      connectionId: connection.id,
      templateId: 'coursepath.members.create',
      mapping: {
        fields: {
          email: { kind: 'column', column: 'email' },
          name: { kind: 'template', template: '{first_name} {last_name}' },
        },
      },
      options: { concurrency: 6, canary: 0 },
    });
    await setup.close();

    // Kill points, as counts of create requests the sandbox has answered, spread over the job.
    const from = Math.min(20, Math.floor(rows / 10));
    const points = killPoints(opts.seed, opts.kills, from, rows - 5 * from, opts.spread);
    const run = await killAtPoints(dir.path, job.id, points, ledgerCounter(sandbox, isCreate));

    const ledger = sandbox.ledger.entries();
    const created = new Map<string, number>();
    for (const e of ledger) {
      if (isCreate(e) && e.status === 201) {
        const email = String((e.body as { email?: string }).email);
        created.set(email, (created.get(email) ?? 0) + 1);
      }
    }
    const db = openDb(`${dir.path}/bulk-desk.sqlite`);
    try {
      const notes = db
        .prepare(
          `SELECT note, COUNT(*) AS n FROM job_items WHERE job_id = ? AND note IS NOT NULL GROUP BY note`,
        )
        .all(job.id) as { note: string; n: number }[];
      const withoutId = db
        .prepare(
          `SELECT COUNT(*) FROM job_items WHERE job_id = ? AND (captured_json IS NULL OR captured_json NOT LIKE '%Member ID%')`,
        )
        .pluck()
        .get(job.id) as number;
      return {
        points,
        ...run,
        created,
        conflicts: ledger.filter((e) => isCreate(e) && e.status === 409).length,
        lookups: ledger.filter(isLookup).length,
        received: ledger.filter(isCreate).length,
        notes,
        withoutId,
      };
    } finally {
      db.close();
    }
  } finally {
    await sandbox.close();
    dir.remove();
  }
}

/** One line of what a run showed, for the test's log and the soak's table. */
export const memberKillsLine = (seed: number, r: MemberKills) =>
  `KILL_SEED=${seed}: points ${r.points.join(',')}; ${r.kills} kills; ${r.received} create requests received, ` +
  `${r.created.size} members created, ${r.conflicts} duplicate creates, ${r.lookups} lookups; ` +
  `final ${JSON.stringify(r.summary?.counts)}; notes ${JSON.stringify(r.notes)}`;
