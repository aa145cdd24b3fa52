// jobs.*: create a job (a snapshot of dataset + mapping + options), control it, read its history.
import { randomUUID } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import { AppError } from '../../src-shared/contract/errors';
import { createJob, getJob, listJobs, toSummary } from '../db/jobs';
import { inDoubtPage, listAttempts, listItems } from '../db/items';
import { getDataset } from '../db/datasets';
import { keyCellsOf } from '../runner/keyCells';
import { exportJobCsv } from '../runner/exportJob';
import { classifyDataset, itemsFrom, preflight } from '../safety/preflight';
import { bindLookups } from '../sync/lookups';
import type { HandlerContext } from './context';
import { resolveSpec } from './resolveSpec';
import type { Handlers } from './types';

export function jobHandlers(ctx: HandlerContext) {
  return {
    'jobs.preflight': async (input) => {
      const { template, connection, dataset } = resolveSpec(ctx.db, input);
      const mapping = bindLookups(ctx.db, input.mapping, input.connectionId);
      return preflight(ctx.db, { template, connection, dataset, mapping }, input);
    },
    'jobs.create': async (input) => {
      const { template, connection, dataset } = resolveSpec(ctx.db, input);
      if (dataset.rowCount === 0)
        throw new AppError('INVALID_INPUT', `${dataset.fileName} has no rows to send.`);
      // The secret is read before the job exists: a locked keychain or a missing secret fails here,
      // cleanly, instead of leaving a job that can never start (a dry run signs nothing).
      if (!input.options?.dryRun && !ctx.credentials.get(connection.id)) {
        throw new AppError(
          'CREDENTIALS',
          `No secret is stored for "${connection.name}". Edit the connection and enter it.`,
        );
      }
      const id = randomUUID();
      // Lookups bound now: the job sends what its preview showed, even if a later sync changes the catalog.
      const mapping = bindLookups(ctx.db, input.mapping, input.connectionId);
      const options = input.options ?? {};
      const rows = classifyDataset(ctx.db, { template, connection, dataset, mapping }, options, id);
      createJob(
        ctx.db,
        {
          id,
          templateId: template.id,
          templateName: template.name,
          connectionId: connection.id,
          connectionName: connection.name,
          datasetId: dataset.id,
          fileName: dataset.fileName,
          mapping,
          options,
          state: 'ready',
          createdAt: ctx.now(),
          startedAt: null,
          finishedAt: null,
          stopReason: null,
          recipe: null,
        },
        itemsFrom(rows),
      );
      return ctx.runner.summary(id);
    },
    'jobs.start': async ({ jobId, confirm }) => ctx.runner.start(jobId, confirm),
    'jobs.resume': async ({ jobId, confirm }) => ctx.runner.start(jobId, confirm),
    'jobs.pause': async ({ jobId }) => ctx.runner.pause(jobId),
    'jobs.cancel': async ({ jobId }) => ctx.runner.cancel(jobId),
    'jobs.retryFailed': async ({ jobId, confirm }) => ctx.runner.retryFailed(jobId, confirm),
    'jobs.setRate': async ({ jobId, ratePerSecond, concurrency }) =>
      ctx.runner.setRate(jobId, ratePerSecond, concurrency),
    'jobs.resolveInDoubt': async ({ jobId, action, itemIds }) =>
      ctx.runner.resolveInDoubt(jobId, action, itemIds),
    'jobs.list': async () => listJobs(ctx.db).map((j) => toSummary(ctx.db, j)),
    'jobs.get': async ({ jobId }) => ctx.runner.summary(jobId),
    'jobs.items': async ({ jobId, status, offset, limit }) => {
      ctx.runner.summary(jobId); // NOT_FOUND for an unknown job
      return listItems(ctx.db, jobId, status, offset, limit);
    },
    'jobs.attempts': async ({ jobId, itemId }) => listAttempts(ctx.db, jobId, itemId),
    'jobs.inDoubt': async ({ jobId, offset, limit }) => {
      const job = getJob(ctx.db, jobId);
      if (!job) throw new AppError('NOT_FOUND', `No job with id ${jobId}.`);
      const keyCells = keyCellsOf(job, getDataset(ctx.db, job.datasetId)?.columns ?? []);
      const page = inDoubtPage(ctx.db, jobId, offset, limit);
      // A recipe item: which step of the row, and for which listed value (its key says what it acts on).
      const recipeCells = (step: number, value: string | null, key: string | null): Record<string, string> => ({
        Step: job.recipe?.steps[step]?.name ?? String(step + 1),
        ...(value !== null ? { Value: value } : {}),
        ...(key ? { Key: key } : {}),
      });
      return {
        total: page.total,
        items: page.items.map(({ cells, step, fanValue, ...row }) => ({
          ...row,
          keyCells: job.recipe ? recipeCells(step, fanValue, row.rowKey) : keyCells(cells),
        })),
      };
    },
    'jobs.export': async ({ jobId, status, path }) => {
      const job = getJob(ctx.db, jobId);
      if (!job) throw new AppError('NOT_FOUND', `No job with id ${jobId}.`);
      if (path !== undefined && !isAbsolute(path)) {
        throw new AppError('INVALID_INPUT', 'path: give a full path, e.g. from a save dialog.', {
          field: 'path',
        });
      }
      const stamp = new Date(ctx.now()).toISOString().replace(/[:.]/g, '-');
      const file =
        path ??
        join(
          ctx.dataDir,
          'exports',
          `${job.fileName.replace(/\.csv$/i, '')}-${status ?? 'all'}-${stamp}.csv`,
        );
      return { path: file, rows: exportJobCsv(ctx.db, job, file, status) };
    },
  } satisfies Partial<Handlers>;
}
