// The volume-and-faults proofs at soak size (test/integration/runner/largeAndFaulty.test.ts runs them
// small in `npm test`): a 10,000-row create-member job with no limits, every row sent exactly once, and a
// 2,500-row job under faults (5% 500, 2% resets, 1% timeouts, bursts of 429 from a 150-a-second limit
// the job is not told), every row terminal, retries within bounds, nobody created twice — round after
// round, each judged by the promises the test asserts (test/helpers/faultyMemberJob.ts). Secrets are
// held in memory, so no keyring is needed. Exits 1 if a round broke a promise.
//   npx tsx bench/faultSoak.ts [--rounds N] [--clean ROWS] [--faulty ROWS]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices, type ServicesOptions } from '../src-main/services';
import { memoryStore } from './compare/benchServices';
import {
  CLEAN_SANDBOX,
  cleanJobBroken,
  FAULTY_SANDBOX,
  faultyJobBroken,
  faultyJobLine,
  runMemberJob,
  type MemberJobFindings,
} from '../test/helpers/faultyMemberJob';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('--rounds', 3);
const CLEAN_ROWS = arg('--clean', 10_000);
const FAULTY_ROWS = arg('--faulty', 2_500);

async function round(
  rows: number,
  sandbox: NonNullable<ServicesOptions['sandbox']>,
  faulty: boolean,
): Promise<{ f: MemberJobFindings; secs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bulk-desk-fault-soak-'));
  const t0 = Date.now();
  const s = await createServices({ dataDir: dir, sandbox, credentials: memoryStore() });
  try {
    return { f: await runMemberJob(s, rows, faulty), secs: (Date.now() - t0) / 1000 };
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const broken: string[] = [];
for (const [name, rows, sandbox, faulty] of [
  ['clean', CLEAN_ROWS, CLEAN_SANDBOX, false],
  ['faulty', FAULTY_ROWS, FAULTY_SANDBOX, true],
] as const) {
  for (let i = 1; i <= ROUNDS; i++) {
    const { f, secs } = await round(rows, sandbox, faulty);
    const bad = faulty ? faultyJobBroken(f) : cleanJobBroken(f);
    process.stdout.write(
      `${name} ${rows.toLocaleString('en-US')} rows, round ${i} of ${ROUNDS}: ${secs.toFixed(1)} s, ` +
        `${bad.length === 0 ? 'every promise kept' : `BROKEN: ${bad.join('; ')}`}` +
        (faulty ? `\n  ${faultyJobLine(f)}` : '') +
        '\n',
    );
    broken.push(...bad.map((b) => `${name} round ${i}: ${b}`));
  }
}
if (broken.length > 0) {
  process.stderr.write(`fault soak: ${broken.length} promise(s) broken:\n  ${broken.join('\n  ')}\n`);
  process.exit(1);
}
