// Plan speed: how many rows a plan classifies per second against the sandbox LMS, and how many API calls
// its reads take — the real services (SQLite in a temporary data folder, the plan service, the
// connection's throttle, signing per read) driven through the contract as the app and the CLI drive them.
//   node --import tsx bench/compare/planChild.ts --rows N --base-url U --email E --secret S
// Half of the N rows' members are created first by a job (not timed); the file then holds those (every
// tenth renamed) and as many new ones, so the plan finds N/2 creates, N/20 updates and the rest unchanged.
// The sandbox lists members 500 to a page, its documented default for that endpoint.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlanDto } from '../../src-shared/contract/api';
import type { Mapping } from '../../src-shared/mapping/types';
import { createServices } from '../../src-main/services';
import { call, memoryStore } from './benchServices';
import { arg, emit, peakRssMb } from './child';

export interface PlanResult {
  rows: number;
  ms: number;
  rowsPerSec: number;
  calls: number;
  counts: PlanDto['counts'];
  peakRssMb: number;
}

const MAPPING: Mapping = {
  fields: {
    email: { kind: 'column', column: 'email' },
    name: { kind: 'template', template: '{first_name} {last_name}' },
  },
};

function csv(path: string, from: number, to: number, renamed: (i: number) => boolean): string {
  let text = 'email,first_name,last_name\n';
  for (let i = from; i <= to; i++)
    text += `planbench${i}@example.com,First${i},${renamed(i) ? 'Renamed' : `Last${i}`}\n`;
  writeFileSync(path, text);
  return path;
}

async function main() {
  const rows = Number(arg('rows') ?? 10_000);
  const existing = Math.floor(rows / 2);
  const dir = mkdtempSync(join(tmpdir(), 'bulkdesk-planbench-'));
  const s = await createServices({ dataDir: dir, sandbox: false, credentials: memoryStore() });
  try {
    const conn = await call(s, 'connections.save', {
      name: 'Bench LMS',
      baseUrl: arg('base-url')!,
      identity: { api: 'coursepath', email: arg('email')! },
      secret: arg('secret')!,
    });
    // The academy: the first half of the file's members, created by a job.
    const academy = await call(s, 'datasets.import', {
      source: { kind: 'path', path: csv(join(dir, 'academy.csv'), 1, existing, () => false) },
    });
    const job = await call(s, 'jobs.create', {
      datasetId: academy.id,
      connectionId: conn.id,
      templateId: 'coursepath.members.create',
      mapping: MAPPING,
      options: { canary: 0, concurrency: 16 },
    });
    await call(s, 'jobs.start', { jobId: job.id });
    const created = await s.runner.whenSettled(job.id);
    if (created.counts.succeeded !== existing)
      throw new Error(`setup created ${created.counts.succeeded} of ${existing} members`);

    const file = await call(s, 'datasets.import', {
      source: {
        kind: 'path',
        path: csv(join(dir, 'file.csv'), 1, rows, (i) => i <= existing && i % 10 === 0),
      },
    });
    const started = performance.now();
    const plan = await call(s, 'plans.create', {
      datasetId: file.id,
      connectionId: conn.id,
      templateId: 'coursepath.members.create',
      mapping: MAPPING,
    });
    const done = await s.plans.whenDone(plan.id);
    const ms = performance.now() - started;
    if (done.state !== 'ready') throw new Error(`plan ${done.state}: ${done.error}`);
    const result: PlanResult = {
      rows,
      ms: Math.round(ms),
      rowsPerSec: Math.round(rows / (ms / 1000)),
      calls: done.calls,
      counts: done.counts,
      peakRssMb: peakRssMb(),
    };
    emit('result', result);
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`plan bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
