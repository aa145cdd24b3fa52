// The volume-and-faults scenario, one definition for two sizes: test/integration/runner/largeAndFaulty.test.ts
// runs it small in `npm test`, bench/faultSoak.ts at soak size, both judged by the same promises.
//  - clean: every row sent exactly once, no limits, concurrency 16.
//  - faulty: faults on (5% 500, 2% resets, 1% timeouts) and bursts of 429 from a tight rolling limit the
//    job is not told about: every row terminal, retries within bounds, nobody created twice.
import type { Services, ServicesOptions } from '../../src-main/services';
import { callOk } from './callOk';
import { createMemberJob } from './memberJob';

export const CLEAN_SANDBOX: NonNullable<ServicesOptions['sandbox']> = {
  seed: 41,
  duplicateMember: 'conflict',
};
export const FAULTY_SANDBOX: NonNullable<ServicesOptions['sandbox']> = {
  seed: 42,
  duplicateMember: 'conflict',
  faults: '500:0.05,reset:0.02,timeout:0.01,latency:1-5',
  coursepathLimit: { requests: 150, windowMs: 1000 }, // bursts of 429 at concurrency 16
};
const MAX_ATTEMPTS = 5;

export interface MemberJobFindings {
  rows: number;
  counts: {
    pending: number;
    sending: number;
    retry_wait: number;
    succeeded: number;
    failed: number;
    in_doubt: number;
  };
  /** POSTs of a member the sandbox received, answered or not. */
  posts: number;
  /** Members the sandbox created, by email, and how many times. */
  created: Map<string, number>;
  /** Rows the job holds as succeeded. */
  succeededRows: number;
  /** The most counted attempts (not throttled: 429 and 503 do not count) on one row. */
  worstAttempts: number;
  /** The sandbox ledger's outcomes and how many of each. */
  outcomes: Record<string, number>;
}

/** A create-member job of `rows` rows on services opened with CLEAN_SANDBOX or FAULTY_SANDBOX, run to its end. */
export async function runMemberJob(s: Services, rows: number, faulty: boolean): Promise<MemberJobFindings> {
  const job = await createMemberJob(
    s,
    rows,
    faulty ? { concurrency: 16, maxAttempts: MAX_ATTEMPTS, timeoutMs: 1000 } : { concurrency: 16 },
  );
  await callOk(s, 'jobs.start', { jobId: job.id });
  const done = await s.runner.whenSettled(job.id);
  const ledger = s.sandbox!.ledger.entries();
  const created = new Map<string, number>();
  const outcomes: Record<string, number> = {};
  let posts = 0;
  for (const e of ledger) {
    outcomes[e.outcome] = (outcomes[e.outcome] ?? 0) + 1;
    if (e.method !== 'POST' || e.path !== '/api/v1/members') continue;
    posts++;
    if (e.status === 201) {
      const email = (e.body as { email: string }).email;
      created.set(email, (created.get(email) ?? 0) + 1);
    }
  }
  const succeededRows = s.db
    .prepare(`SELECT COUNT(*) FROM job_items WHERE job_id = ? AND status = 'succeeded'`)
    .pluck()
    .get(job.id) as number;
  const worstAttempts = s.db
    .prepare(
      `SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM attempts a JOIN job_items i ON i.id = a.item_id
       WHERE i.job_id = ? AND a.kind = 'send' AND COALESCE(a.response_status, 0) NOT IN (429, 503) GROUP BY a.item_id)`,
    )
    .pluck()
    .get(job.id) as number;
  return { rows, counts: done.counts, posts, created, succeededRows, worstAttempts, outcomes };
}

/** Members created more than once, as "email × n". */
export const createdTwice = (f: MemberJobFindings) =>
  [...f.created.entries()].filter(([, n]) => n !== 1).map(([email, n]) => `${email} × ${n}`);

/** The clean job's promises not kept, each in words (none: kept). */
export function cleanJobBroken(f: MemberJobFindings): string[] {
  return judge([
    [`${f.counts.succeeded} of ${f.rows} rows succeeded`, f.counts.succeeded === f.rows],
    [`${f.posts} POSTs for ${f.rows} rows`, f.posts === f.rows],
    [`${f.created.size} of ${f.rows} members created`, f.created.size === f.rows],
    [`members created more than once: ${createdTwice(f).join(', ')}`, createdTwice(f).length === 0],
  ]);
}

/** The faulty job's promises not kept, each in words (none: kept). */
export function faultyJobBroken(f: MemberJobFindings): string[] {
  const c = f.counts;
  return judge([
    [
      `rows not terminal: ${c.pending} pending, ${c.sending} sending, ${c.retry_wait} waiting to retry`,
      c.pending + c.sending + c.retry_wait === 0,
    ],
    [
      `${c.succeeded + c.failed + c.in_doubt} of ${f.rows} rows ended`,
      c.succeeded + c.failed + c.in_doubt === f.rows,
    ],
    [`members created more than once: ${createdTwice(f).join(', ')}`, createdTwice(f).length === 0],
    // Succeeded rows were created (by us, once); none was created without the job knowing.
    [
      `${f.created.size} members created for ${f.succeededRows} rows succeeded`,
      f.created.size === f.succeededRows,
    ],
    [
      `${f.worstAttempts} counted attempts on one row (at most ${MAX_ATTEMPTS})`,
      f.worstAttempts <= MAX_ATTEMPTS,
    ],
    // Five attempts make a row fail under these faults about once in a million: nearly every row succeeds.
    [`${c.succeeded} of ${f.rows} rows succeeded (98% expected)`, c.succeeded > f.rows * 0.98],
  ]);
}

export const faultyJobLine = (f: MemberJobFindings) =>
  `faults: ${JSON.stringify(f.counts)}; ledger outcomes ${JSON.stringify(f.outcomes)}; ` +
  `most counted attempts on one row ${f.worstAttempts}`;

const judge = (checks: [string, boolean][]) => checks.filter(([, ok]) => !ok).map(([what]) => what);
