// The open job's audit record (`jobs.audit`) and its undo (`jobs.undoPlan`, `jobs.undo`), for History.
// The audit export (JSON Lines) is built here from the paged `jobs.auditRows`, one page at a time, the
// same records the CLI's `jobs export --format audit` writes.
import { create } from 'zustand';
import type { JobAuditDto, JobSummary, UndoPlanDto } from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { call } from '../api/client';
import { downloadFile } from '../util/download';

const PAGE = 500;

export interface UndoAuditState {
  /** The job the record and plan below belong to. */
  jobId: string | null;
  audit: JobAuditDto | null;
  auditError: AppErrorShape | null;
  /** What undoing the job would do, once asked ("Undo this job…"). */
  plan: UndoPlanDto | null;
  planLoading: boolean;
  planError: AppErrorShape | null;
  undoing: boolean;
  undoError: AppErrorShape | null;
  exporting: boolean;
  exportError: AppErrorShape | null;
  lastExport: string | null;
}

export const initialUndoAuditState: UndoAuditState = {
  jobId: null,
  audit: null,
  auditError: null,
  plan: null,
  planLoading: false,
  planError: null,
  undoing: false,
  undoError: null,
  exporting: false,
  exportError: null,
  lastExport: null,
};
export const useUndoAuditStore = create<UndoAuditState>(() => initialUndoAuditState);
const set = useUndoAuditStore.setState;
const get = useUndoAuditStore.getState;

/** Loads the job's audit record (again, e.g. after it ran); a different job starts afresh. */
export async function loadAudit(jobId: string): Promise<void> {
  if (get().jobId !== jobId) set({ ...initialUndoAuditState, jobId });
  const r = await call('jobs.audit', { jobId });
  if (get().jobId !== jobId) return;
  set(r.ok ? { audit: r.value, auditError: null } : { auditError: r.error });
}

export async function loadUndoPlan(jobId: string): Promise<void> {
  set({ planLoading: true, planError: null, undoError: null });
  const r = await call('jobs.undoPlan', { jobId });
  if (get().jobId !== jobId) return;
  set(r.ok ? { planLoading: false, plan: r.value } : { planLoading: false, planError: r.error, plan: null });
}

export function closeUndoPlan(): void {
  set({ plan: null, planError: null, undoError: null });
}

/** Makes the undo job and starts it; returns it (null when refused or nothing to undo). */
export async function undoJob(jobId: string, confirm: string | undefined): Promise<JobSummary | null> {
  set({ undoing: true, undoError: null });
  const r = await call('jobs.undo', { jobId, start: true, ...(confirm !== undefined ? { confirm } : {}) });
  if (!r.ok) {
    set({ undoing: false, undoError: r.error });
    return null;
  }
  set({ undoing: false, plan: null });
  return r.value.job;
}

/** The audit record as JSON Lines: the job's record, one record per row, then the end. */
export async function exportAudit(job: JobSummary): Promise<void> {
  if (get().exporting) return;
  set({ exporting: true, exportError: null });
  const parts: string[] = [];
  const head = await call('jobs.audit', { jobId: job.id });
  const info = await call('app.info', {});
  if (!head.ok || !info.ok) return set({ exporting: false, exportError: head.ok ? (info.ok ? null : info.error) : head.error });
  parts.push(JSON.stringify({ ...head.value, exported: { appVersion: info.value.version, at: Date.now() } }) + '\n');
  let rows = 0;
  for (let after = 0; ; ) {
    const page = await call('jobs.auditRows', { jobId: job.id, afterRow: after, limit: PAGE });
    if (!page.ok) return set({ exporting: false, exportError: page.error });
    for (const r of page.value) parts.push(JSON.stringify(r) + '\n');
    rows += page.value.length;
    if (page.value.length < PAGE) break;
    after = page.value.at(-1)!.row;
  }
  parts.push(JSON.stringify({ record: 'end', rows }) + '\n');
  const stem = job.fileName.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_') || 'job';
  const name = `${stem}-${job.id.slice(0, 8)}-audit.jsonl`;
  downloadFile(name, parts, 'application/x-ndjson');
  set({ exporting: false, lastExport: name });
}
