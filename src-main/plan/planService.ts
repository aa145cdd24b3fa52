// Plans: what a file would do to the academy, row by row, before anything is sent (src-shared/plan/).
// A plan runs in the background, like a sync: it builds every row as a job would, asks the template's
// planner what each row needs to know, reads that (live, through the connection's throttle shared with
// jobs and syncs, or from the synced catalog), asks again until every row is classified, and stores the
// verdicts with the dataset. It only reads: killed at any moment, it resumes from the reads it saved and
// nothing was sent.
import { formatDateTime } from '../../src-shared/util/dates';
import { noSecretStored } from '../../src-shared/connections/noSecret';
import { randomUUID } from 'node:crypto';
import type { PlanDto } from '../../src-shared/contract/api';
import { targetOf } from '../../src-shared/connections/connectionTarget';
import { AppError } from '../../src-shared/contract/errors';
import type { Template } from '../../src-shared/connectors/types';
import { buildRequest } from '../../src-shared/mapping/buildRequest';
import type { FieldSource, Mapping, RowValues } from '../../src-shared/mapping/types';
import type { Need, ReaderId, Verdict } from '../../src-shared/plan/planner';
import { tooOldText } from '../../src-shared/plan/catalogAge';
import { noPlanReason, plannerFor } from '../../src-shared/plan/planners';
import { SENT_CLASSES } from '../../src-shared/plan/types';
import { confirmationPhrase } from '../../src-shared/runner/confirmGuard';
import type { ConnectionRecord } from '../db/connections';
import { getConnection } from '../db/connections';
import { getDataset } from '../db/datasets';
import { sentSince } from '../db/sentSince';
import type { Db } from '../db/openDb';
import { CATALOG_ENTITY, catalogReader, latestCompleteCatalog } from '../db/planCatalog';
import {
  countPlanReads,
  createPlan,
  planReadStore,
  getPlan,
  listPlans,
  loadPlanReads,
  markReadingPlansInterrupted,
  savePlanRows,
  setPlanState,
  type NewPlanRow,
  type PlanRecord,
} from '../db/plans';
import {
  DEFAULT_MAX_ATTEMPTS,
  REQUEST_TIMEOUT_MS,
  THROTTLE_DEFAULTS,
  throttleSettings,
} from '../runner/connectionDefaults';
import { Throttle, type WindowLimiters } from '../runner/throttle';
import { phraseName } from '../safety/phraseName';
import type { ConnectionSecret, CredentialStore } from '../services/credentials';
import type { EventBus } from '../services/eventHub';
import type { HttpRequest, HttpResponse } from '../services/http';
import { SyncAborted, SyncFailure, SyncFetcher } from '../sync/syncFetcher';
import { longPlanWaitMessage } from '../../src-shared/runner/longWait';
import { checkPlanTarget } from './jobFromPlan';
import { addKey, PlanFailure, readLive } from './liveReads';
import { PlanKnowledge } from './planKnowledge';
import { planRows } from './planRows';
import { planRunTemplateId, planTemplate, templatesToFreeze } from './planTemplates';
import { shortValue } from '../../src-shared/util/quoteValue';

export interface PlanServiceDeps {
  db: Db;
  credentials: CredentialStore;
  events: EventBus;
  send: (req: HttpRequest) => Promise<HttpResponse>;
  /** The rolling-window limiters per LMS host, shared with jobs and syncs. */
  windows: WindowLimiters;
  now?: () => number;
  random?: () => number;
  log?: (line: string) => void;
  maxAttempts?: number;
  timeoutMs?: number;
}

/** A synced catalog older than this is not used unless the admin says how old is recent enough. */
export const DEFAULT_MAX_CATALOG_AGE_MS = 24 * 60 * 60 * 1000;
/** Rounds of reads: a row needs at most three (member, then their enrolment or group, then an email check). */
const MAX_ROUNDS = 6;

export interface PlanRequest {
  template: Template;
  connection: ConnectionRecord;
  dataset: { id: string; fileName: string; rowCount: number; state: string };
  /** With lookups bound (src-main/sync/lookups.ts). */
  mapping: Mapping;
  source: 'live' | 'sync';
  maxAgeMs?: number;
  allowDuplicates?: boolean;
}

export class PlanService {
  private readonly running = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private readonly now: () => number;

  constructor(private readonly d: PlanServiceDeps) {
    this.now = d.now ?? Date.now;
  }

  /** At startup: plans left reading by a stop or a crash are interrupted; resuming them reads what is left. */
  recover(): void {
    const n = markReadingPlansInterrupted(this.d.db, this.now());
    if (n) this.d.log?.(`${n} plan(s) were interrupted while reading; resume them to carry on`);
  }

  create(r: PlanRequest): PlanDto {
    if (this.abort.signal.aborted) throw new AppError('CONFLICT', 'Bulk Desk is closing.');
    const planner = plannerFor(r.template.id);
    if (!planner) throw new AppError('INVALID_INPUT', noPlanReason(r.template.id), { field: 'templateId' });
    if (r.dataset.state !== 'ready')
      throw new AppError('CONFLICT', `${r.dataset.fileName} is still importing; plan it once it is in.`);
    if (r.dataset.rowCount === 0)
      throw new AppError('INVALID_INPUT', `${r.dataset.fileName} has no rows to plan.`);
    let syncedAt = 0;
    if (r.source === 'sync') {
      const catalog = latestCompleteCatalog(this.d.db, r.connection.id);
      if (!catalog)
        throw new AppError(
          'CONFLICT',
          `"${r.connection.name}" has no synced catalog yet: sync it (Reports → Sync now, or bulk-desk sync run), or plan from the LMS itself.`,
        );
      const maxAge = r.maxAgeMs ?? DEFAULT_MAX_CATALOG_AGE_MS;
      const old = this.now() - catalog.finishedAt;
      if (old > maxAge) {
        const said = tooOldText(old, maxAge);
        throw new AppError(
          'CONFLICT',
          `The synced catalog of "${r.connection.name}" is ${said.age} old, older than the ${said.allowed} allowed: sync it again, allow an older one, or plan from the LMS itself.`,
        );
      }
      syncedAt = catalog.finishedAt;
    } else if (!this.d.credentials.get(r.connection.id)) {
      throw new AppError(
        'CREDENTIALS',
        noSecretStored(r.connection),
      );
    }
    const record: PlanRecord = {
      id: randomUUID(),
      datasetId: r.dataset.id,
      fileName: r.dataset.fileName,
      connectionId: r.connection.id,
      connectionName: r.connection.name,
      templateId: r.template.id,
      templateName: r.template.name,
      runTemplateId: planner.runTemplateId,
      mapping: r.mapping,
      options: {
        ...(r.allowDuplicates ? { allowDuplicates: true } : {}),
        ...(r.maxAgeMs !== undefined ? { maxAgeMs: r.maxAgeMs } : {}),
        target: targetOf(r.connection),
      },
      source: r.source === 'sync' ? { kind: 'sync', syncedAt } : { kind: 'live' },
      state: 'reading',
      error: null,
      counts: { create: 0, update: 0, unchanged: 0, conflict: 0, missing: 0, invalid: 0, duplicate: 0 },
      rows: 0,
      calls: 0,
      createdAt: this.now(),
      finishedAt: null,
      jobId: null,
      templates: templatesToFreeze(r.template, planner.runTemplateId),
    };
    createPlan(this.d.db, record);
    this.launch(record);
    return this.dto(record.id);
  }

  /** Carries on a plan that was interrupted (or failed) from the reads it saved. */
  resume(planId: string): PlanDto {
    const plan = this.record(planId);
    if (this.running.has(planId)) return this.dto(planId);
    if (plan.state === 'ready')
      throw new AppError('CONFLICT', 'This plan is complete; there is nothing to resume.');
    const connection = getConnection(this.d.db, plan.connectionId);
    if (connection) checkPlanTarget(plan, connection);
    if (plan.source.kind === 'live' && !this.d.credentials.get(plan.connectionId))
      throw new AppError(
        'CREDENTIALS',
        noSecretStored({ id: plan.connectionId, name: plan.connectionName }),
      );
    setPlanState(this.d.db, planId, 'reading', this.now());
    this.launch({ ...plan, state: 'reading' });
    return this.dto(planId);
  }

  /** Resolves when the plan's reading ends (at once when it is not reading). */
  async whenDone(planId: string): Promise<PlanDto> {
    await this.running.get(planId);
    return this.dto(planId);
  }

  get(planId: string): PlanDto {
    return this.dto(planId);
  }

  list(datasetId?: string): PlanDto[] {
    return listPlans(this.d.db, datasetId).map((p) => this.toDto(p));
  }

  isReading(planId: string): boolean {
    return this.running.has(planId);
  }

  /** A plan this process is reading on the connection, if any (its connection must not go meanwhile). */
  readingOn(connectionId: string): PlanRecord | undefined {
    for (const id of this.running.keys()) {
      const p = getPlan(this.d.db, id);
      if (p?.connectionId === connectionId) return p;
    }
    return undefined;
  }

  /**
   * Stops every plan that reads at once, without waiting for the reads in flight (Ctrl+C twice at the
   * CLI): each is left `interrupted` now, resumable from the reads it saved.
   */
  stopNow(): void {
    this.abort.abort();
    for (const id of this.running.keys()) setPlanState(this.d.db, id, 'interrupted', this.now());
  }

  /** Stops every plan that reads (they stay resumable) and waits for them. */
  async close(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled([...this.running.values()]);
  }

  dto(planId: string): PlanDto {
    return this.toDto(this.record(planId));
  }

  private record(planId: string): PlanRecord {
    const p = getPlan(this.d.db, planId);
    if (!p) throw new AppError('NOT_FOUND', `No plan with id ${planId}.`);
    return p;
  }

  private toDto(p: PlanRecord): PlanDto {
    const runTemplateId = p.state === 'ready' ? planRunTemplateId(p) : p.runTemplateId;
    const run = planTemplate(p, runTemplateId);
    const toSend = p.counts.create + p.counts.update;
    // The phrase the job made from this plan will ask for: the connection as it is now, named as the runner names it.
    const connection = getConnection(this.d.db, p.connectionId);
    const where = connection ? phraseName(this.d.db, connection) : p.connectionName;
    return {
      id: p.id,
      datasetId: p.datasetId,
      fileName: p.fileName,
      connectionId: p.connectionId,
      connectionName: p.connectionName,
      templateId: p.templateId,
      templateName: p.templateName,
      runTemplateId,
      runTemplateName: run?.name ?? runTemplateId,
      source: p.source,
      state: p.state,
      error: p.error,
      counts: p.counts,
      rows: p.rows,
      calls: p.calls,
      reads: countPlanReads(this.d.db, p.id),
      readsWhat: plannerFor(p.templateId)?.reads ?? '',
      createdAt: p.createdAt,
      finishedAt: p.finishedAt,
      toSend,
      confirmation: run && p.state === 'ready' ? confirmationPhrase(run, toSend, where) : null,
      jobId: p.jobId,
      // What its verdicts were read against: the LMS when it read, or the synced catalog of that date.
      sentSince:
        p.state === 'ready' && !p.jobId
          ? sentSince(this.d.db, p.connectionId, p.source.kind === 'sync' ? p.source.syncedAt : p.createdAt)
          : [],
    };
  }

  private launch(plan: PlanRecord): void {
    const promise = this.execute(plan).finally(() => this.running.delete(plan.id));
    this.running.set(plan.id, promise);
  }

  private emit(plan: PlanRecord, label: string, calls: number, reads: number): void {
    const state = getPlan(this.d.db, plan.id)?.state ?? plan.state;
    this.d.events.emit('plan:progress', { planId: plan.id, state, calls, reads, label });
  }

  /** Never throws: the plan ends ready, interrupted (stopped; resumable) or failed (with why). */
  private async execute(plan: PlanRecord): Promise<void> {
    const { db } = this.d;
    try {
      const dataset = getDataset(db, plan.datasetId);
      if (!dataset) throw new PlanFailure(`The dataset "${plan.fileName}" no longer exists.`);
      const template = planTemplate(plan, plan.templateId);
      const runTemplate = planTemplate(plan, plan.runTemplateId);
      const planner = plannerFor(plan.templateId);
      if (!template || !runTemplate || !planner)
        throw new PlanFailure(`Template ${plan.templateId} has no plan in this version of Bulk Desk.`);
      const connection = getConnection(db, plan.connectionId);
      if (!connection) throw new PlanFailure(`The connection "${plan.connectionName}" no longer exists.`);

      const knowledge = new PlanKnowledge(loadPlanReads(db, plan.id));
      const read =
        plan.source.kind === 'sync'
          ? this.catalogReads(plan, knowledge)
          : this.liveReads(plan, connection, knowledge);
      const rows = () =>
        planRows(
          db,
          dataset.id,
          dataset.columns,
          template,
          plan.mapping,
          plan.options.allowDuplicates === true,
        );

      for (let round = 0; ; round++) {
        const wanted = new Map<ReaderId, Set<string>>();
        const along = new Map<ReaderId, Set<string>>();
        const add = (to: Map<ReaderId, Set<string>>) => (n: Need) => addKey(to, n.reader, n.key);
        for (const r of rows()) {
          if (r.kind !== 'row') continue;
          const v = planner.classify(r.input, knowledge);
          if (v.kind === 'need') {
            v.reads.forEach(add(wanted));
            v.along?.forEach(add(along));
          }
        }
        if (wanted.size === 0) break;
        if (round >= MAX_ROUNDS) throw new PlanFailure('internal: the plan kept asking for more reads.');
        await read.run(wanted, along);
      }

      const verdicts = function* (): Generator<NewPlanRow> {
        for (const r of rows()) {
          if (r.kind === 'invalid') {
            yield {
              rowNumber: r.rowNumber,
              class: 'invalid',
              key: null,
              diff: [],
              note: r.problem,
              call: null,
              resolved: null,
              fingerprint: null,
            };
            continue;
          }
          if (r.kind === 'duplicate') {
            yield {
              rowNumber: r.rowNumber,
              class: 'duplicate',
              key: r.key,
              diff: [],
              note: `Row ${r.firstRow} has the same ${shortValue(r.key)}; only the first is planned and sent.`,
              call: null,
              resolved: null,
              fingerprint: r.fingerprint,
            };
            continue;
          }
          const v: Verdict = planner.classify(r.input, knowledge);
          if (v.kind !== 'done')
            throw new PlanFailure(`internal: row ${r.input.rowNumber} is still not classified.`);
          yield {
            rowNumber: r.input.rowNumber,
            class: v.class,
            key: r.input.key,
            diff: v.diff,
            note: v.note,
            call: SENT_CLASSES.has(v.class)
              ? callOf(template, runTemplate, plan.mapping, r.row, v.resolved)
              : null,
            resolved: v.resolved ?? null,
            fingerprint: r.fingerprint,
          };
        }
      };
      savePlanRows(db, plan.id, verdicts(), this.now());
      const done = this.record(plan.id);
      this.emit(plan, 'Done', done.calls, countPlanReads(db, plan.id));
      this.d.log?.(`plan ${plan.id} ready: ${JSON.stringify(done.counts)} in ${done.calls} call(s)`);
    } catch (e) {
      const stopped = e instanceof SyncAborted || this.abort.signal.aborted;
      const message = e instanceof Error ? e.message : String(e);
      try {
        setPlanState(db, plan.id, stopped ? 'interrupted' : 'failed', this.now(), stopped ? null : message);
        this.emit(
          plan,
          stopped ? 'Stopped' : 'Failed',
          this.record(plan.id).calls,
          countPlanReads(db, plan.id),
        );
      } catch (again) {
        this.d.log?.(
          `plan ${plan.id}: could not record its end: ${again instanceof Error ? again.message : String(again)}`,
        );
      }
      if (!stopped && !(e instanceof PlanFailure) && !(e instanceof SyncFailure))
        this.d.log?.(`plan ${plan.id} failed: ${e instanceof Error ? (e.stack ?? message) : message}`);
    }
  }

  /** Reads from the LMS: the connection's throttle (its host's window, shared), the runner's retries. */
  private liveReads(plan: PlanRecord, connection: ConnectionRecord, knowledge: PlanKnowledge) {
    const secret = this.d.credentials.get(connection.id) as ConnectionSecret | null;
    if (!secret)
      throw new PlanFailure(
        noSecretStored(connection),
      );
    const settings = throttleSettings(connection.api, {});
    const throttle = new Throttle(
      settings.ratePerSecond,
      this.d.windows.for(connection, settings.rateLimit),
      this.now(),
    );
    let unsaved = 0;
    let total = getPlan(this.d.db, plan.id)?.calls ?? 0;
    const fetcher = new SyncFetcher({
      connection,
      secret,
      throttle,
      send: this.d.send,
      now: this.now,
      random: this.d.random ?? Math.random,
      signal: this.abort.signal,
      maxAttempts: this.d.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      timeoutMs: this.d.timeoutMs ?? REQUEST_TIMEOUT_MS,
      onExchange: () => {
        unsaved++;
        total++;
      },
      longWait: (askedMs, header, at) => longPlanWaitMessage(askedMs, header, at),
      // A wait the LMS asked for, said in the progress, or the plan looks stuck.
      onWait: (until) =>
        this.emit(plan, `Waiting until ${formatDateTime(until)}, as the LMS asked (Retry-After)`, total, knowledge.size),
    });
    return {
      run: (wanted: Map<ReaderId, Set<string>>, along: Map<ReaderId, Set<string>>) =>
        readLive(
          {
            store: planReadStore(this.d.db, plan.id, () => {
              const n = unsaved;
              unsaved = 0;
              return n;
            }),
            fetcher,
            knowledge,
            concurrency: THROTTLE_DEFAULTS[connection.api].concurrency,
            signal: this.abort.signal,
            progress: (label) => this.emit(plan, label, total, knowledge.size),
          },
          wanted,
          along,
        ),
    };
  }

  /** Reads from the synced catalog: no call to the LMS; every needed entity must have synced in full. */
  private catalogReads(plan: PlanRecord, knowledge: PlanKnowledge) {
    const catalog = latestCompleteCatalog(this.d.db, plan.connectionId);
    if (!catalog) throw new PlanFailure(`"${plan.connectionName}" has no synced catalog any more.`);
    const lookup = catalogReader(this.d.db, plan.connectionId);
    return {
      run: async (wanted: Map<ReaderId, Set<string>>) => {
        for (const [reader, keys] of wanted) {
          const entity = CATALOG_ENTITY[reader];
          if (!catalog.complete.has(entity)) {
            const note = catalog.notes.get(entity);
            throw new PlanFailure(
              `The synced catalog of "${plan.connectionName}" does not hold ${entity.split('.')[1]} in full${note ? ` (${note})` : ''}: plan from the LMS itself.`,
            );
          }
          knowledge.add([...keys].map((key) => ({ reader, key, record: lookup(reader, key) })));
        }
        this.emit(plan, 'Synced catalog', 0, knowledge.size);
      },
    };
  }
}

/** The request running the plan sends for a row: the run template, with what the plan resolved. */
function callOf(
  template: Template,
  runTemplate: Template,
  mapping: Mapping,
  row: RowValues,
  resolved: Readonly<Record<string, string>> | undefined,
): string | null {
  const fields: Record<string, FieldSource> = { ...mapping.fields };
  for (const [k, v] of Object.entries(resolved ?? {})) fields[k] = { kind: 'constant', value: v };
  const t = runTemplate.id === template.id && !resolved ? template : runTemplate;
  const { request } = buildRequest(t, { ...mapping, fields }, row);
  return request ? `${request.method} ${request.pathAndQuery}` : null;
}
