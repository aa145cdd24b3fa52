// The 503 soak at length (test/integration/runner/pacing.test.ts runs a short one in `npm test`): a
// Coursepath create-member job with no rate set, against a sandbox answering 2% of requests 503 with
// Retry-After: 1, beside the same job without faults. The pacer should cost well under 2×; it used to
// learn a permanent ceiling from the first 503 and run ~100× slower.
//   npx tsx bench/throttleSoak.ts [rows=5000] [--concurrency 4]
import { benchRunner } from './runnerBench';

const args = process.argv.slice(2);
const ci = args.indexOf('--concurrency');
const concurrency = ci >= 0 ? Number(args.splice(ci, 2)[1]) : 4;
const rows = Number(args[0] ?? 5000);
const latency = 'latency:10-20';

const clean = await benchRunner(rows, { concurrency, faults: latency, verify: true });
const faulty = await benchRunner(rows, { concurrency, faults: `503:0.02,${latency}`, verify: true });
const line = (name: string, r: typeof clean) =>
  `${name.padEnd(14)} ${String(r.ms).padStart(7)} ms  ${r.rowsPerSec.toFixed(0).padStart(5)} rows/s  ` +
  `${r.succeeded} succeeded, ${r.duplicates ?? '?'} sent twice, ${r.missing ?? '?'} missing`;
process.stdout.write(
  `503 soak: ${rows} rows, concurrency ${concurrency}, ${latency}\n` +
    `${line('no faults', clean)}\n${line('2% 503', faulty)}\n` +
    `ratio ${(faulty.ms / clean.ms).toFixed(2)}× (target: under 2×)\n`,
);
