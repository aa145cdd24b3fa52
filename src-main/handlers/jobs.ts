// jobs.*: create a job (a snapshot of dataset + mapping + options), control it, read its history.
import { noSecretStored } from '../../src-shared/connections/noSecret';
import { randomUUID } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import { AppError } from '../../src-shared/contract/errors';
import { isConfirmed } from '../../src-shared/runner/confirmGuard';
import { createJob, getJob, listJobs, toSummary } from '../db/jobs';
import { inDoubtPage, listAttempts, listItems } from '../db/itemReads';
import { getDataset } from '../db/datasets';
import { keyCellsOf } from '../runner/keyCells';
import { exportJobCsv } from '../runner/exportJob';
import { classifyDataset, itemsFrom, preflight } from '../safety/preflight';
import { bindLookups } from '../sync/lookups';
import type { HandlerContext } from './context';
import { resolveSpec } from './resolveSpec';
import { jobAudit, jobAuditRows, recordJobCreated, recordJobRun } from '../audit/jobAudit';
import { makeUndoJob, undoPlan } from '../undo/undoJob';
import { undoSends, undoWhere } from '../../src-shared/undo/undoSentence';
import type { Handlers } from './types';
import { refuseImportedFile } from '../services/importedFileGuard';
import { getTemplate } from '../../src-shared/connectors/catalog';
import { answerValidUntil } from '../../src-shared/connectors/answerValidity';
import type { JobItemDto } from '../../src-shared/contract/api';
import type { JobRecord } from '../db/jobs';

/**
 * A succeeded row whose captured answer expires (a signed URL) says until when it works: History marks
 * it expired after that, rather than offering a dead link as the row's result.
 */
function withValidity(job: JobRecord, item: JobItemDto): JobItemDto {
  if (item.status !== 'succeeded' || !item.captured) return item;
  // The template the job froze when it was made (migration 24; a recipe's per step), else the catalog's.
  const step = job.recipe ? (item.step ?? 0) : 0;
  const templateId = job.recipe ? job.recipe.steps[step]?.template : job.templateId;
  const template = job.templates?.[step] ?? (templateId ? getTemplate(templateId) : undefined);
  // The send began durationMs before the row's answer was stored.
  const sentAt = item.durationMs === null ? item.updatedAt : item.updatedAt - item.durationMs;
  const until = answerValidUntil(template, sentAt);
  return until === null ? item : { ...item, capturedValidUntil: until };
}

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
      // What a create-or-update row sends depends on the academy: only a plan, which read it, can say.
      if (template.planOnly)
        throw new AppError(
          'CONFLICT',
          `"${template.name}" looks each row up before it sends: make a plan (Plan, or bulk-desk plan) and run the plan.`,
          { field: 'templateId' },
        );
      // The secret is read before the job exists: a locked keychain or a missing secret fails here,
      // cleanly, instead of leaving a job that can never start (a dry run signs nothing).
      if (!input.options?.dryRun && !ctx.credentials.get(connection.id)) {
        throw new AppError(
          'CREDENTIALS',
          noSecretStored(connection),
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
          createdAt: ctx.now(),
          // What it sends, frozen: an upgrade that changes the catalog's template does not change this job.
          templates: [template],
        },
        itemsFrom(rows),
      );
      recordJobCreated(ctx.db, id, ctx.version, ctx.now());
      return ctx.runner.summary(id);
    },
    'jobs.start': async ({ jobId, confirm }) => ran(jobId, 'start', ctx.runner.start(jobId, confirm)),
    'jobs.resume': async ({ jobId, confirm }) => ran(jobId, 'resume', ctx.runner.start(jobId, confirm)),
    'jobs.pause': async ({ jobId }) => ctx.runner.pause(jobId),
    'jobs.cancel': async ({ jobId }) => ctx.runner.cancel(jobId),
    'jobs.retryFailed': async ({ jobId, confirm }) => ran(jobId, 'retryFailed', ctx.runner.retryFailed(jobId, confirm)),
    'jobs.setRate': async ({ jobId, ratePerSecond, concurrency }) =>
      ctx.runner.setRate(jobId, ratePerSecond, concurrency),
    'jobs.resolveInDoubt': async ({ jobId, action, itemIds, confirm }) => {
      const summary = ctx.runner.resolveInDoubt(jobId, action, itemIds, confirm);
      // Only a resend that set the job going is a run (a paused job's rows wait for its resume).
      return action === 'resend' && ctx.runner.isActive(jobId) ? ran(jobId, 'resolveInDoubt', summary) : summary;
    },
    'jobs.list': async () => listJobs(ctx.db).map((j) => toSummary(ctx.db, j)),
    'jobs.get': async ({ jobId }) => ctx.runner.summary(jobId),
    'jobs.items': async ({ jobId, status, query, offset, limit }) => {
      const job = getJob(ctx.db, jobId);
      if (!job) throw new AppError('NOT_FOUND', `No job with id ${jobId}.`);
      const keyCells = keyCellsOf(job, getDataset(ctx.db, job.datasetId)?.columns ?? []);
      const page = listItems(ctx.db, jobId, { status, query }, offset, limit, keyCells);
      return { ...page, items: page.items.map((it) => withValidity(job, it)) };
    },
    'jobs.events': async ({ jobId, limit }) => {
      ctx.runner.summary(jobId); // NOT_FOUND for an unknown job
      return ctx.runner.eventLog.list(jobId, limit);
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
      if (path !== undefined) refuseImportedFile(ctx.db, path);
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
    'jobs.undoPlan': async ({ jobId }) => undoPlan(ctx.db, jobId, (id) => ctx.runner.isActive(id)),
    'jobs.undo': async ({ jobId, confirm, start }) => {
      const isActive = (id: string) => ctx.runner.isActive(id);
      if (start) {
        // Refused before anything is made, as `run` does: the phrase names the rows and the connection.
        const plan = undoPlan(ctx.db, jobId, isActive);
        if (plan.counts.undo > 0 && !isConfirmed(plan.confirmation, confirm)) {
          throw new AppError(
            'CONFLICT',
            `Undoing this job sends ${undoSends(plan)} to ${undoWhere(plan)}. To go ahead, confirm with: ${plan.confirmation}`,
            { field: 'confirm', phrase: plan.confirmation ?? '' },
          );
        }
      }
      const made = makeUndoJob(ctx.db, jobId, { isActive, now: ctx.now(), ...(confirm !== undefined ? { confirm } : {}) });
      if (!made.jobId) return { plan: made.plan, job: null };
      recordJobCreated(ctx.db, made.jobId, ctx.version, ctx.now());
      const job = start ? ran(made.jobId, 'start', ctx.runner.start(made.jobId, confirm)) : ctx.runner.summary(made.jobId);
      return { plan: made.plan, job };
    },
    'jobs.audit': async ({ jobId }) => jobAudit(ctx.db, jobId),
    'jobs.auditRows': async ({ jobId, afterRow, limit }) => jobAuditRows(ctx.db, jobId, afterRow, limit),
  } satisfies Partial<Handlers>;

  /** The runner accepted the start: who set the job going goes on its audit record. */
  function ran<T>(jobId: string, action: 'start' | 'resume' | 'retryFailed' | 'resolveInDoubt', summary: T): T {
    recordJobRun(ctx.db, jobId, action, ctx.version, ctx.now());
    return summary;
  }
}
