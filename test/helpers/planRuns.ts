// A plan made and run against the sandbox, and a change made in the LMS between the two by a job of its
// own — for the tests of what a plan's run does with targets that moved since the plan.
import { expect } from 'vitest';
import { getTemplate } from '../../src-shared/connectors/catalog';
import type { PlanDto } from '../../src-shared/contract/api';
import type { Mapping } from '../../src-shared/mapping/types';
import { confirmationPhrase } from '../../src-shared/runner/confirmGuard';
import { SANDBOX_COURSEPATH_ID, type Services } from '../../src-main/services';
import { callOk } from './callOk';
import { seedDataset } from './seedDataset';

export interface Sheet {
  columns: string[];
  mapping: Mapping;
}

const lastSeq = (s: Services) => s.sandbox!.ledger.entries().at(-1)?.seq ?? 0;

/** A ready plan of these rows on the sandbox's Coursepath. */
export async function planOf(
  s: Services,
  templateId: string,
  sheet: Sheet,
  rows: string[][],
): Promise<PlanDto> {
  const datasetId = seedDataset(s.db, sheet.columns, rows);
  const started = await callOk(s, 'plans.create', {
    datasetId,
    connectionId: SANDBOX_COURSEPATH_ID,
    templateId,
    mapping: sheet.mapping,
  });
  const done = await s.plans.whenDone(started.id);
  if (done.state !== 'ready') throw new Error(`plan ${done.state}: ${done.error}`);
  return done;
}

/** A job of its own (no plan, undo off): someone else's change in the LMS between the plan and its run. */
export async function meanwhile(s: Services, templateId: string, sheet: Sheet, row: string[]): Promise<void> {
  const job = await callOk(s, 'jobs.create', {
    datasetId: seedDataset(s.db, sheet.columns, [row]),
    connectionId: SANDBOX_COURSEPATH_ID,
    templateId,
    mapping: sheet.mapping,
    options: { undo: false, canary: 0 },
  });
  const confirm = confirmationPhrase(getTemplate(templateId)!, 1, 'Sandbox · Coursepath');
  await callOk(s, 'jobs.start', { jobId: job.id, ...(confirm ? { confirm } : {}) });
  expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(1);
}

/** Runs the plan: its counts, its writes (method and path), its failed rows' errors, and the first sent row's attempts. */
export async function runPlan(s: Services, p: PlanDto, options: { undo?: boolean } = {}) {
  const job = await callOk(s, 'plans.run', { planId: p.id, options: { canary: 0, ...options } });
  const before = lastSeq(s);
  await callOk(s, 'jobs.start', { jobId: job.id, ...(p.confirmation ? { confirm: p.confirmation } : {}) });
  const done = await s.runner.whenSettled(job.id);
  const writes = s
    .sandbox!.ledger.since(before)
    .filter((e) => e.method !== 'GET')
    .map((e) => `${e.method} ${e.path}`);
  const failed = await callOk(s, 'jobs.items', { jobId: job.id, status: 'failed', offset: 0, limit: 10 });
  const sent = await callOk(s, 'jobs.items', { jobId: job.id, status: 'succeeded', offset: 0, limit: 10 });
  const attempts = sent.items.length
    ? await callOk(s, 'jobs.attempts', { jobId: job.id, itemId: sent.items[0]!.id })
    : [];
  return {
    counts: done.counts,
    writes,
    errors: failed.items.map((i) => [i.rowNumber, i.error]),
    attempts: attempts.map((x) => [x.kind, x.url?.replace(/^https?:\/\/[^/]+/, '')]),
  };
}
