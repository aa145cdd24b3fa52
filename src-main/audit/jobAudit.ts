// On the record: every job keeps what an auditor asks for — the file (name, size, SHA-256 as imported),
// who made the job and ran it (OS account, machine, app version), the connection as it was (its address
// and who the calls act as; the secret lives in the keychain and has no field here), the template,
// mapping, options, the plan it was made from, its start, end and counts. Recorded when the job is made
// and at every start (the handlers call these), read back as the first record of an audit export.
import { shownBaseUrl } from '../../src-shared/util/redact';
import { hostname, userInfo } from 'node:os';
import type { AuditActor, AuditRowDto, JobAuditDto } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { jobTemplate } from '../runner/jobTemplates';
import { auditRowsPage, datasetAudit, planOfJob, readAuditJson, undoneByJobs, writeAuditJson } from '../db/audit';
import type { ConnectionRecord } from '../db/connections';
import { getConnection } from '../db/connections';
import { getDataset } from '../db/datasets';
import { getJob, toSummary } from '../db/jobs';
import type { Db } from '../db/openDb';

type RunAction = JobAuditDto['runs'][number]['action'];

/** What audit_json holds (db/audit.ts). */
interface StoredAudit {
  createdBy?: AuditActor;
  connection?: JobAuditDto['connection'];
  plan?: unknown;
  runs?: JobAuditDto['runs'];
}

/** The OS account running Bulk Desk; a machine without a passwd entry for it falls back to the environment. */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

export function actor(appVersion: string, at: number): AuditActor {
  return { osUser: osUser(), host: hostname(), appVersion, at };
}

/** The connection as an auditor sees it: where the calls went and as whom. A secret has no field here. */
function connectionRecord(c: ConnectionRecord): NonNullable<JobAuditDto['connection']> {
  return { id: c.id, name: c.name, api: c.api, baseUrl: shownBaseUrl(c.baseUrl), identity: c.identity, isSandbox: c.isSandbox };
}

const stored = (db: Db, jobId: string): StoredAudit => (readAuditJson(db, jobId) ?? {}) as StoredAudit;

/** At `jobs.create` (and when an undo job is made): who, where, the connection as it is now. */
export function recordJobCreated(db: Db, jobId: string, appVersion: string, at: number): void {
  const job = getJob(db, jobId);
  if (!job) return;
  const connection = getConnection(db, job.connectionId);
  writeAuditJson(db, jobId, {
    ...stored(db, jobId),
    createdBy: actor(appVersion, at),
    ...(connection ? { connection: connectionRecord(connection) } : {}),
    runs: [],
  });
}

/** At every start, resume, rerun of failed rows and resend of rows in doubt: who set the job going. */
export function recordJobRun(db: Db, jobId: string, action: RunAction, appVersion: string, at: number): void {
  const a = stored(db, jobId);
  writeAuditJson(db, jobId, { ...a, runs: [...(a.runs ?? []), { action, ...actor(appVersion, at) }] });
}

/**
 * The plan a job was made from, kept with its audit record as given. Without it, the audit reads the
 * plan that names the job (db/audit.ts planOfJob).
 */
export function recordJobPlan(db: Db, jobId: string, plan: unknown): void {
  writeAuditJson(db, jobId, { ...stored(db, jobId), plan });
}

export function jobAudit(db: Db, jobId: string): JobAuditDto {
  const job = getJob(db, jobId);
  if (!job) throw new AppError('NOT_FOUND', `No job with id ${jobId}.`);
  const summary = toSummary(db, job);
  const a = stored(db, jobId);
  const file = datasetAudit(db, job.datasetId);
  const columns = getDataset(db, job.datasetId)?.columns ?? [];
  const template = jobTemplate(job, columns);
  const current = getConnection(db, job.connectionId);
  const derived = file?.source?.kind === 'undo' ? { kind: 'undo' as const, jobId: String(file.source.jobId) } : null;
  return {
    record: 'job',
    format: 'bulk-desk.audit/1',
    job: {
      id: job.id,
      state: summary.state,
      createdAt: job.createdAt,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
      counts: summary.counts,
      skipReasons: summary.skipReasons,
      stopReason: job.stopReason,
      undoOf: job.undoOf ?? null,
      undoneBy: undoneByJobs(db, job.id),
    },
    source: {
      fileName: file?.fileName ?? job.fileName,
      datasetId: job.datasetId,
      sizeBytes: file?.sizeBytes ?? null,
      sha256: file?.sha256 ?? null,
      rows: file?.rows ?? summary.counts.total,
      importedAt: file?.importedAt ?? null,
      derivedFrom: derived,
    },
    // As it was when the job was made; a job from before this was kept shows the connection as it is now.
    // A job made by an earlier version through a legacy connection kept its address as stored: masked here too.
    connection: a.connection
      ? { ...a.connection, baseUrl: shownBaseUrl(a.connection.baseUrl) }
      : current
        ? connectionRecord(current)
        : null,
    template: template
      ? {
          id: template.id,
          name: template.name,
          method: template.method,
          path: template.path,
          danger: template.danger,
          idempotent: template.idempotent,
        }
      : null,
    mapping: job.mapping,
    options: job.options,
    plan: a.plan ?? planOfJob(db, jobId),
    createdBy: a.createdBy ?? null,
    runs: a.runs ?? [],
  };
}

/** The job's rows for an auditor, after `afterRow`: cells by column, every exchange, outcome. */
export function jobAuditRows(db: Db, jobId: string, afterRow: number, limit: number): AuditRowDto[] {
  const job = getJob(db, jobId);
  if (!job) throw new AppError('NOT_FOUND', `No job with id ${jobId}.`);
  const columns = getDataset(db, job.datasetId)?.columns ?? [];
  return auditRowsPage(db, jobId, afterRow, limit).map((r) => ({
    record: 'row',
    row: r.rowNumber,
    key: r.key,
    status: r.status,
    skipReason: r.skipReason,
    error: r.error,
    note: r.note,
    captured: r.captured,
    attempts: r.attempts,
    input: Object.fromEntries(columns.map((c, i) => [c, r.cells[i] ?? ''])),
    requests: r.requests,
  }));
}
