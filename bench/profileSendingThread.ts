// Where the sending thread's time goes, the runner beside the bare loop (issue 19's line d): both send the
// same CSV to the sandbox LMS in its own process with --no-limits, each in a child profiled by V8 from
// the first request to the last answer (bench/compare/child.ts, `--cpu-profile`), and this prints each
// profile per row: time by stage of the work (each sample placed by its stack:
// bench/compare/cpuProfileSummary.ts), then the runner's heaviest functions (time including callees). Against a sandbox answering in microseconds both are bound by their one sending
// thread (its event loop busy ~95% of the time), so the runner's share of the bare loop's rows/s is
// about their ratio of busy time per row; this says what makes up the difference.
//   npm run bench:profile [-- --rows 100000] [-- --concurrency 16] [-- --keep DIR]
// One run each, alternating nothing: a profile says where time goes, `npm run bench` what it comes to.
// The profiler itself costs a few percent. --keep leaves the .cpuprofile files in DIR (open them in
// Chrome's DevTools, Performance panel) instead of a temporary folder removed at the end.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeUsersCsv } from './csvImportBench';
import { BUILT_DIR, buildChildren } from './compare/builtChildren';
import { arg, runChild, type CpuSendResult } from './compare/child';
import { summarizeProfile, type CpuProfile, type ProfileSummary } from './compare/cpuProfileSummary';
import { sourceMapsUnder, withSourceUrls } from './compare/profileSources';
import { startSandboxProcess, target } from './compare/sandboxProcess';

async function main() {
  const rows = Number(arg('rows') ?? 100000);
  const concurrency = arg('concurrency') ?? '16';
  const keep = arg('keep') ?? '';
  const dir = keep || mkdtempSync(join(tmpdir(), 'bulkdesk-profile-'));
  mkdirSync(dir, { recursive: true });
  const csv = writeUsersCsv(join(dir, `users-${rows}.csv`), rows);
  // Built as the app is, as `npm run bench` runs them; their frames are read back as sources (source maps).
  const built = buildChildren();
  const maps = sourceMapsUnder(BUILT_DIR);
  const sandbox = await startSandboxProcess(['--no-limits']);
  const sides: { name: string; result: CpuSendResult; profile: ProfileSummary }[] = [];
  try {
    for (const [name, script] of [
      ['runner', 'runnerChild.ts'],
      ['bare loop', 'bareLoop.ts'],
    ] as const) {
      // Tried twice: after a child's long run, the reset's keep-alive socket was found closed (seen here).
      await sandbox.reset().catch(() => sandbox.reset());
      const file = join(dir, `${name.replace(' ', '-')}.cpuprofile`);
      process.stderr.write(
        `[profile] ${name}, ${rows.toLocaleString('en')} rows, concurrency ${concurrency}…\n`,
      );
      const out = await runChild<CpuSendResult>(script, [
        ...target(sandbox, csv),
        '--rows',
        String(rows),
        '--concurrency',
        concurrency,
        '--cpu-profile',
        file,
      ]);
      if (!out.result) throw new Error(`${name}: the child reported no result`);
      const raw = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
      const profile = summarizeProfile(built ? withSourceUrls(raw, maps) : raw, rows);
      sides.push({ name, result: out.result, profile });
    }
  } finally {
    await sandbox.stop();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  print(rows, sides);
  if (keep) console.log(`\nProfiles kept in ${dir}`);
}

function print(rows: number, sides: { name: string; result: CpuSendResult; profile: ProfileSummary }[]) {
  const us = (n: number) => n.toFixed(1);
  console.log(`\nThe sending thread, ${rows.toLocaleString('en')} rows (µs per row)\n`);
  console.log(`| | ${sides.map((s) => s.name).join(' | ')} |`);
  console.log(`| --- |${sides.map(() => ' ---: |').join('')}`);
  console.log(`| Rows/s | ${sides.map((s) => s.result.rowsPerSec.toLocaleString('en')).join(' | ')} |`);
  console.log(`| Event loop busy | ${sides.map((s) => us(s.result.mainThreadUsPerRow)).join(' | ')} |`);
  console.log(`| Profiled (idle included) | ${sides.map((s) => us(s.profile.totalUsPerRow)).join(' | ')} |`);
  const stages = [...new Set(sides.flatMap((s) => s.profile.stages.map((t) => t.stage)))];
  for (const stage of stages)
    console.log(
      `| ${stage} | ${sides.map((s) => us(s.profile.stages.find((t) => t.stage === stage)?.usPerRow ?? 0)).join(' | ')} |`,
    );
  const runner = sides.find((s) => s.name === 'runner');
  if (!runner) return;
  console.log(`\nThe runner's heaviest functions, time including what they call (µs per row)\n`);
  for (const f of runner.profile.ours) console.log(`${us(f.usPerRow).padStart(7)}  ${f.fn}`);
}

void main().catch((e: unknown) => {
  process.stderr.write(`profile failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
