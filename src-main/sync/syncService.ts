// Sync of LMS connections into SQLite: one run per connection at a time, in the background, reported
// through `sync:progress`. A run that stops (network gone, too many failures, app closed) keeps its
// cursors; the next "Sync now" of that connection resumes it instead of starting over.
import { noSecretStored } from '../../src-shared/connections/noSecret';
import { syncSkipOf, type SyncSkip } from '../../src-shared/sync/syncSkips';
import { unsendableAddress } from '../../src-shared/connections/baseUrl';
import { AppError } from '../../src-shared/contract/errors';
import type { ApiKind } from '../../src-shared/connectors/types';
import type { RateLimit } from '../../src-shared/runner/windowLimiter';
import { runsToPrune } from '../../src-shared/sync/retention';
import { longSyncWaitMessage } from '../../src-shared/runner/longWait';
import { SYNC_ENTITIES, type SyncEntity, type SyncRunState, type SyncStatusDto } from '../../src-shared/sync/types';
import { dirname } from 'node:path';
import { getConnection, listConnections, type ConnectionRecord } from '../db/connections';
import { describeStorageFault, storageFaultKind } from '../db/storageErrors';
import type { Db } from '../db/openDb';
import {
  addSyncRequests,
  createSyncRun,
  entityStatuses,
  getSyncRun,
  lastCompletedAt,
  latestSyncRun,
  markRunningSyncsInterrupted,
  pruneUnseen,
  resumableRun,
  setSyncRunState,
  syncRunsOf,
  deleteSyncRuns,
  syncCounts,
} from '../db/sync';
import { DEFAULT_MAX_ATTEMPTS, REQUEST_TIMEOUT_MS, THROTTLE_DEFAULTS, throttleSettings } from '../runner/connectionDefaults';
import { Throttle, WindowLimiters } from '../runner/throttle';
import type { CredentialStore } from '../services/credentials';
import type { EventBus } from '../services/eventHub';
import type { HttpRequest, HttpResponse } from '../services/http';
import { syncCoassemble } from './coassembleSync';
import { syncCoursepath } from './coursepathSync';
import type { SyncContext } from './syncContext';
import { SyncAborted, SyncFetcher } from './syncFetcher';

export interface SyncServiceDeps {
  db: Db;
  credentials: CredentialStore;
  events: EventBus;
  send: (req: HttpRequest) => Promise<HttpResponse>;
  /** The connections' rolling-window limiters; share the runner's so a sync and a job together keep the API's limit. */
  windows?: WindowLimiters;
  now?: () => number;
  random?: () => number;
  log?: (line: string) => void;
  /** Page size asked of list endpoints (default: the largest each API is known to honour). Tests use small pages. */
  pageSize?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  /**
   * The rolling window a sync keeps (default: the API's documented one, e.g. Coassemble's 100 requests a
   * minute, spaced evenly). Tests that are not about pacing scale it down in time, as they scale the
   * sandbox's own window; the pacing has tests of its own.
   */
  rateLimit?: RateLimit | null;
}

/** A stopped run is resumed by a sync within a day of its start; after that, a fresh run reads everything again. */
export const RESUME_WITHIN_MS = 24 * 60 * 60 * 1000;

interface Running {
  runId: number;
  promise: Promise<SyncRunState>;
}

export class SyncService {
  private readonly running = new Map<string, Running>();
  private readonly abort = new AbortController();
  private readonly windows: WindowLimiters;
  private readonly now: () => number;

  constructor(private readonly d: SyncServiceDeps) {
    this.windows = d.windows ?? new WindowLimiters();
    this.now = d.now ?? Date.now;
  }

  /** At startup: runs left `running` by a crash become `interrupted`, to be resumed by the next sync. */
  recover(): void {
    const n = markRunningSyncsInterrupted(this.d.db, this.now());
    if (n) this.d.log?.(`${n} sync run(s) were interrupted; the next sync resumes them`);
  }

  /**
   * Starts (or resumes) a sync of each connection; no ids: every connection with a stored secret, and the
   * others are in the answer with `notSynced` (why they were left out), not syncing.
   */
  start(connectionIds?: readonly string[]): SyncStatusDto[] {
    if (this.abort.signal.aborted) throw new AppError('CONFLICT', 'Bulk Desk is closing.');
    const skipped = new Map<string, SyncSkip>();
    const connections = connectionIds
      ? connectionIds.map((id) => {
          const c = getConnection(this.d.db, id);
          // `field` lets the CLI report a `--connection` that names nothing as wrong usage (exit 2).
          if (!c)
            throw new AppError('NOT_FOUND', `No connection with id "${id}" (see: bulk-desk connections list).`, {
              field: 'connectionId',
            });
          return c;
        })
      : listConnections(this.d.db).filter((c) => {
          // Every connection means every one with a stored secret and an address it may send to; each
          // left out is answered with why.
          const address = unsendableAddress(c);
          const skip: SyncSkip | null = address
            ? { reason: 'address', problem: address }
            : syncSkipOf(this.d.credentials.status(c.id));
          if (skip) skipped.set(c.id, skip);
          return !skip;
        });
    // Check every secret before starting any, so a missing one fails the call rather than half of it.
    const secrets = connections.map((c) => {
      const secret = this.d.credentials.get(c.id);
      if (!secret) throw new AppError('CREDENTIALS', noSecretStored(c));
      return secret;
    });
    connections.forEach((c, i) => {
      if (this.running.has(c.id)) return;
      const runId = resumableRun(this.d.db, c.id, this.now() - RESUME_WITHIN_MS) ?? createSyncRun(this.d.db, c.id, this.now());
      setSyncRunState(this.d.db, runId, 'running', this.now());
      const promise = this.run(c, secrets[i]!, runId).finally(() => this.running.delete(c.id));
      this.running.set(c.id, { runId, promise });
    });
    const answered = new Set([...connections.map((c) => c.id), ...skipped.keys()]);
    return this.status([...answered]).map((x) => {
      const notSynced = skipped.get(x.connectionId);
      return notSynced ? { ...x, notSynced } : x;
    });
  }

  status(connectionIds?: readonly string[]): SyncStatusDto[] {
    const connections = listConnections(this.d.db).filter((c) => !connectionIds || connectionIds.includes(c.id));
    return connections.map((c) => ({
      connectionId: c.id,
      connectionName: c.name,
      api: c.api,
      running: this.running.has(c.id),
      lastRun: latestSyncRun(this.d.db, c.id),
      lastCompletedAt: lastCompletedAt(this.d.db, c.id),
      counts: syncCounts(this.d.db, c.id),
    }));
  }

  /** Resolves when the connection's current run ends (at once when none is running); its final state. */
  async whenDone(connectionId: string): Promise<SyncRunState | null> {
    const r = this.running.get(connectionId);
    return r ? r.promise : (latestSyncRun(this.d.db, connectionId)?.state ?? null);
  }

  /**
   * Stops every run at once, without waiting for the pages in flight (Ctrl+C twice at the CLI): each is
   * left `interrupted` now, resumable from its last saved page; the pages in flight are read again then.
   */
  stopNow(): void {
    this.abort.abort();
    for (const { runId } of this.running.values()) setSyncRunState(this.d.db, runId, 'interrupted', this.now());
  }

  /** Stops every run (they stay resumable) and waits for them to settle. */
  async close(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled([...this.running.values()].map((r) => r.promise));
  }

  private async run(connection: ConnectionRecord, secret: NonNullable<ReturnType<CredentialStore['get']>>, runId: number): Promise<SyncRunState> {
    const { db } = this.d;
    const api: ApiKind = connection.api;
    const entities = SYNC_ENTITIES[api];
    const settings = throttleSettings(api, { rateLimit: this.d.rateLimit });
    const throttle = new Throttle(settings.ratePerSecond, this.windows.for(connection, settings.rateLimit), this.now());
    let fetched = 0;
    let requests = 0;
    let retries = 0;
    const flushCounts = () => {
      if (requests || retries) addSyncRequests(db, runId, requests, retries);
      requests = 0;
      retries = 0;
    };
    let totalRequests = 0;
    // What it was reading last, for the line that says it waits.
    let current: { entity: SyncEntity | null; label: string } = { entity: null, label: 'Starting' };
    const emit = (state: SyncRunState, entity: SyncEntity | null, label: string, error: string | null, waitingUntil?: number) => {
      const statuses = entityStatuses(db, runId);
      const entitiesDone = statuses.filter((s) => s.status !== 'pending' && entities.includes(s.entity)).length;
      this.d.events.emit('sync:progress', {
        connectionId: connection.id,
        runId,
        state,
        entity,
        label,
        fetched,
        requests: totalRequests,
        entitiesDone: state === 'completed' ? entities.length : entitiesDone,
        entitiesTotal: entities.length,
        error,
        ...(waitingUntil !== undefined ? { waitingUntil } : {}),
      });
    };
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
      onExchange: (retry) => {
        requests++;
        totalRequests++;
        if (retry) retries++;
      },
      onWait: (until) => emit('running', current.entity, current.label, null, until),
      // A stopped run is resumed within a day of its start: a wait past that is not promised a resume.
      longWait: (askedMs, header, at) =>
        longSyncWaitMessage(askedMs, header, at, (getSyncRun(db, runId)?.startedAt ?? at) + RESUME_WITHIN_MS),
    });
    const ctx: SyncContext = {
      db,
      connection,
      runId,
      fetcher,
      now: this.now,
      signal: this.abort.signal,
      pageSize: this.d.pageSize ?? 100,
      concurrency: THROTTLE_DEFAULTS[api].concurrency,
      progress: (entity, label, rows) => {
        fetched += rows;
        flushCounts();
        current = { entity, label };
        emit('running', entity, label, null);
      },
    };
    emit('running', null, 'Starting', null);
    try {
      const complete = api === 'coassemble' ? await syncCoassemble(ctx) : await syncCoursepath(ctx);
      const dropped = db.transaction(() => {
        flushCounts();
        pruneUnseen(db, connection.id, runId, complete);
        setSyncRunState(db, runId, 'completed', this.now());
        // Old tracking snapshots thinned out by the retention policy (src-shared/sync/retention.ts).
        const old = runsToPrune(syncRunsOf(db, connection.id), this.now());
        return { runs: old.length, snapshots: deleteSyncRuns(db, old) };
      })();
      if (dropped.runs)
        this.d.log?.(`sync of ${connection.name}: ${dropped.runs} old run(s) and ${dropped.snapshots} snapshot rows pruned`);
      emit('completed', null, 'Done', null);
      this.d.log?.(`sync of ${connection.name} completed (run ${runId})`);
      for (const e of entityStatuses(db, runId)) if (e.status === 'changed') this.d.log?.(`sync of ${connection.name}: ${e.note}`);
      return 'completed';
    } catch (e) {
      flushCounts();
      if (e instanceof SyncAborted) {
        setSyncRunState(db, runId, 'interrupted', this.now());
        emit('interrupted', null, 'Stopped', null);
        return 'interrupted';
      }
      // The database refused a page (a full disk, a lock, a read-only file): said in words naming the file,
      // as a job's stop reason is; the pages saved before it stay, and the next sync goes on from them.
      const message = storageFaultKind(e)
        ? `${describeStorageFault(e, db.name, dirname(db.name))} Then sync again: it goes on from its last saved page.`
        : e instanceof Error
          ? e.message
          : String(e);
      setSyncRunState(db, runId, 'failed', this.now(), message);
      emit('failed', null, 'Failed', message);
      this.d.log?.(`sync of ${connection.name} failed (run ${runId}): ${message}`);
      return 'failed';
    }
  }
}

