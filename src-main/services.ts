// Composition root: builds every service from explicit arguments (no DI container) and tears them down
// in reverse. Electron, `npm run serve` and the CLI all start here, so they share one behaviour.
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { AppError } from '../src-shared/contract/errors';
import { join } from 'node:path';
import { upsertConnection } from './db/connections';
import { discardUnfinishedImports } from './db/datasets';
import { backupPath, DB_FILE, openCheckedDb } from './db/openChecked';
import { openForReading } from './db/openForReading';
import { refuseOtherSchemaFile, type Db } from './db/openDb';
import { storageFaultKind } from './db/storageErrors';
import { backfillLegacyRowKeys } from './safety/legacyRowKeys';
import { createHandlers } from './handlers/index';
import type { Handlers } from './handlers/types';
import { PlanService } from './plan/planService';
import { JobRunner } from './runner/jobRunner';
import { WindowLimiters } from './runner/throttle';
import type { Sandbox, SandboxOptions } from './sandbox/index';
import { withSendableAddresses } from './services/sendableAddresses';
import { createKeychainStore, type ConnectionSecret, type CredentialStore } from './services/credentials';
import { withLaunchSecrets } from './services/launchSecrets';
import { removeOrphanedSecrets } from './services/pendingSecrets';
import { withSecretVersions } from './services/secretVersions';
import { createEventBus, type EventBus } from './services/eventHub';
import { sendHttp, type HttpRequest, type HttpResponse } from './services/http';
import { createPrivateDbFile, ensurePrivateDbFiles, ensurePrivateDir, ensurePrivateFile } from './services/filePermissions';
import { FolderRefused } from './services/folderFor';
import { folderUnwritable } from './services/folderUnwritable';
import { acquireDataDirLock, dataDirLockedByOther } from './services/processLock';
import { SyncService } from './sync/syncService';
import type { RateLimit } from '../src-shared/runner/windowLimiter';
import { createDispatch, type Dispatch } from './transport/dispatch';

export interface ServicesOptions {
  dataDir: string;
  /** Start the built-in sandbox LMS and offer it as ready-made connections (default true). */
  sandbox?: boolean | SandboxOptions;
  credentials?: CredentialStore;
  send?: (req: HttpRequest) => Promise<HttpResponse>;
  log?: (line: string) => void;
  /** The app's version (Electron passes app.getVersion(); bundling moves package.json out of reach). */
  version?: string;
  /**
   * Resume the jobs that stopped because Bulk Desk stopped — closed while they sent, or killed — and were
   * not resumed since (default false: they wait as interrupted, for the admin).
   */
  autoResume?: boolean;
  /**
   * Sync tuning, for tests: small pages exercise pagination; fewer attempts make a fault fatal sooner; a
   * window scaled down in time (with the sandbox's) keeps a Coassemble sync from waiting 0.6 s a request.
   */
  sync?: { pageSize?: number; maxAttempts?: number; rateLimit?: RateLimit | null };
  /** How long a job's write waits for a database another program has locked before the job stops (default 30 s). */
  storageRetryMs?: number;
  /** Tests: a job with this many rows to send or more writes in the writer thread (runner/writerChoice.ts). */
  threadFromRows?: number;
  /** The database check on open and the rolling backup (see db/openChecked.ts); defaults 3 s and a day. */
  checkTimeoutMs?: number;
  backupEveryMs?: number;
  /**
   * The command only reads: the database is opened read-only, without the folder's lock (so beside the
   * app), and nothing is written — no lock file, backup, upgrade or recovery (db/openForReading.ts). Where
   * the file first needs a writer (new, older, or a crash's leftovers with no Bulk Desk running) it is
   * opened as usual. Not with the sandbox, which adds its connections.
   */
  readOnly?: boolean;
}

export interface Services {
  db: Db;
  dbFile: string;
  dataDir: string;
  uploadDir: string;
  credentials: CredentialStore;
  runner: JobRunner;
  sync: SyncService;
  plans: PlanService;
  events: EventBus;
  handlers: Handlers;
  dispatch: Dispatch;
  sandbox: Sandbox | null;
  close(): Promise<void>;
}

export const SANDBOX_COURSEPATH_ID = 'sandbox-coursepath';
export const SANDBOX_COASSEMBLE_ID = 'sandbox-coassemble';

/** package.json's version: one folder up from src-main/, or from out/main/chunks/ once built (the CLI). */
const version = (): string => {
  for (const up of ['../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'bulk-desk') return pkg.version;
    } catch {
      // not there: try the next
    }
  }
  return '0.0.0';
};

/** Whether we may use `path` so; a read-only file system (EROFS) is said of the folder, not here. */
const canUse = (path: string, mode: number): boolean => {
  try {
    accessSync(path, mode);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EROFS';
  }
};
const canWrite = (path: string): boolean => canUse(path, constants.W_OK);

/** The first of the database's files (the database, its -wal and -shm, its backup) that is there and that we cannot read and write. */
function unwritableDbFile(dataDir: string): string | null {
  const db = join(dataDir, DB_FILE);
  const files = [db, `${db}-wal`, `${db}-shm`, backupPath(dataDir)];
  return (
    files.find((f) => statSync(f, { throwIfNoEntry: false }) && !canUse(f, constants.R_OK | constants.W_OK)) ?? null
  );
}

/** A database file we may not read or write (e.g. left by `sudo bulk-desk …`): SQLite would call it damaged. */
function dbFileRefused(file: string, code: string): AppError {
  return new AppError(
    'CONFLICT',
    `The database file ${file} cannot be read or written by you (permission denied; ${code}): it belongs to another ` +
      'user (often one run with sudo) or was made read-only; that is not damage, and nothing was changed. Give it back to your user ' +
      '(e.g. sudo chown), or choose another data folder with --data-dir or BULKDESK_DATA_DIR.',
  );
}

/** A data folder the file system will not let us write: said in words, naming the folder. */
function unwritable(dataDir: string, given: unknown): never {
  // A folder that could not be made (./services/folderFor.ts) says which and why, unless it was a
  // permission, which the words below say with what to do.
  const denied = given instanceof FolderRefused && ['EACCES', 'EPERM', 'EROFS'].includes(given.code);
  if (given instanceof FolderRefused && !denied)
    throw new AppError(
      'CONFLICT',
      `The data folder ${dataDir} cannot be made: ${given.message}. ` +
        'Choose another folder with --data-dir or BULKDESK_DATA_DIR.',
    );
  const e = given instanceof FolderRefused ? given.cause : given;
  // The folder is there, yet a file cannot be made in it: not an ordinary folder (/proc, /sys).
  if ((e as NodeJS.ErrnoException | null)?.code === 'ENOENT' && statSync(dataDir, { throwIfNoEntry: false }))
    throw new AppError(
      'CONFLICT',
      `The data folder ${dataDir} takes no new files (ENOENT): it is not an ordinary folder. ` +
        'Choose another folder with --data-dir or BULKDESK_DATA_DIR.',
    );
  if (storageFaultKind(e) === 'readonly') {
    const code = (e as NodeJS.ErrnoException).code;
    // The folder takes files, but one of the database's own does not (copied in by another user, made
    // read-only): name that file, not the folder, which the admin would find writable.
    const file = code === 'EROFS' || !canWrite(dataDir) ? null : unwritableDbFile(dataDir);
    if (file) throw dbFileRefused(file, code ?? 'EACCES');
    throw folderUnwritable(dataDir, code);
  }
  throw e;
}

/** The database opened read-only for a command that only reads, or null when it needs a writer's open. */
async function openReadOnly(opts: ServicesOptions, log: (line: string) => void): Promise<Db | null> {
  if (!opts.readOnly || opts.sandbox !== false || !existsSync(opts.dataDir)) return null;
  // A file we may not read or write is said by the writer's open, in its words.
  if (unwritableDbFile(opts.dataDir)) return null;
  return openForReading(opts.dataDir, {
    lockedByOther: dataDirLockedByOther(opts.dataDir),
    log,
    ...(opts.checkTimeoutMs !== undefined ? { checkTimeoutMs: opts.checkTimeoutMs } : {}),
  });
}

export async function createServices(opts: ServicesOptions): Promise<Services> {
  const log = opts.log ?? (() => {});
  const dbFile = join(opts.dataDir, DB_FILE);
  const uploadDir = join(opts.dataDir, 'uploads');
  const reading = await openReadOnly(opts, log);
  if (reading) return assemble(opts, { db: reading, dbFile, uploadDir, backup: Promise.resolve(), release: () => {}, readOnly: true });
  let releaseLock: () => void;
  try {
    ensurePrivateDir(opts.dataDir, log); // 0700: it holds every spreadsheet and response
    releaseLock = acquireDataDirLock(opts.dataDir);
  } catch (e) {
    unwritable(opts.dataDir, e);
  }
  let db: Db;
  let backup: Promise<void>;
  try {
    // Before SQLite opens it: a file it may not open reads to it as damaged, and would be reported so.
    const refused = unwritableDbFile(opts.dataDir);
    if (refused) throw dbFileRefused(refused, 'EACCES');
    rmSync(uploadDir, { recursive: true, force: true }); // uploads are temporary copies; a crash may leave some
    mkdirSync(uploadDir, { recursive: true, mode: 0o700 });
    const wasMissing = !existsSync(dbFile);
    // A newer Bulk Desk's file, or another program's, is refused before its mode is tightened (a damaged
    // one by the check on open, before beforeOpen): a refused file is left as it was, its mode included.
    if (!wasMissing) refuseOtherSchemaFile(dbFile);
    else createPrivateDbFile(dbFile); // 0600 from the start
    ({ db, backup } = await openCheckedDb(opts.dataDir, {
      log,
      wasMissing,
      beforeOpen: () => {
        const undoDb = ensurePrivateDbFiles(dbFile, log); // 0600, and -wal/-shm with it
        const undoBackup = ensurePrivateFile(backupPath(opts.dataDir), log); // a full copy of the data: 0600 as well
        return () => {
          undoDb();
          undoBackup();
        };
      },
      ...(opts.checkTimeoutMs !== undefined ? { checkTimeoutMs: opts.checkTimeoutMs } : {}),
      ...(opts.backupEveryMs !== undefined ? { backupEveryMs: opts.backupEveryMs } : {}),
    }));
    ensurePrivateDbFiles(dbFile, log);
  } catch (e) {
    releaseLock();
    unwritable(opts.dataDir, e);
  }
  discardUnfinishedImports(db); // a writer's work: reading commands leave it to the next writer (db/startupWrites.ts)
  backfillLegacyRowKeys(db, Date.now(), log); // once, after an upgrade; before any job can run
  return assemble(opts, { db, dbFile, uploadDir, backup, release: releaseLock, readOnly: false });
}

/** The services over an opened database; a read-only one recovers nothing and starts nothing. */
async function assemble(
  opts: ServicesOptions,
  o: { db: Db; dbFile: string; uploadDir: string; backup: Promise<void>; release: () => void; readOnly: boolean },
): Promise<Services> {
  const { db, dbFile, uploadDir, backup, readOnly } = o;
  const releaseLock = o.release;
  const log = opts.log ?? (() => {});
  // The sandbox's secrets (made at each launch) stay in memory: ./services/launchSecrets.ts says why.
  const launchSecrets = new Map<string, ConnectionSecret>();
  // Handed out for sending only when the connection's address would be accepted today (sendableAddresses.ts).
  const keychain = opts.credentials ?? createKeychainStore();
  // Secrets a process killed mid-save left in the keychain, under entries this database recorded as pending.
  if (!readOnly) removeOrphanedSecrets(db, keychain, log);
  // By connection: each to the keychain entry its row names (secretVersions.ts).
  const credentials = withSendableAddresses(withLaunchSecrets(withSecretVersions(keychain, db), launchSecrets), db);
  const events = createEventBus();
  const send = opts.send ?? sendHttp;
  const windows = new WindowLimiters(); // per connection, shared by jobs and syncs
  const runner = new JobRunner({
    db,
    credentials,
    events,
    send,
    log,
    windows,
    dbFile,
    ...(opts.storageRetryMs !== undefined ? { storageRetryMs: opts.storageRetryMs } : {}),
    ...(opts.threadFromRows !== undefined ? { threadFromRows: opts.threadFromRows } : {}),
  });
  const sync = new SyncService({ db, credentials, events, send, log, windows, ...opts.sync });
  const plans = new PlanService({ db, credentials, events, send, log, windows });
  if (!readOnly) {
    runner.recover();
    sync.recover();
    plans.recover();
  }

  const sandbox =
    readOnly || opts.sandbox === false
      ? null
      : // Loaded only to start it (~100 KB: its server, routes and sample data): most commands run without it.
        await (await import('./sandbox/index')).startSandbox(typeof opts.sandbox === 'object' ? opts.sandbox : {});
  if (sandbox) registerSandboxConnections(db, launchSecrets, sandbox);

  const handlers = createHandlers({
    db,
    credentials,
    keychain,
    runner,
    events,
    sync,
    plans,
    dataDir: opts.dataDir,
    uploadDir,
    sandboxUrl: sandbox?.url ?? null,
    version: opts.version ?? version(),
    send,
    now: Date.now,
  });
  const dispatch = createDispatch(handlers, log, dbFile);

  if (opts.autoResume && !readOnly) {
    for (const id of runner.stoppedByClosing()) {
      try {
        runner.start(id);
      } catch (e) {
        log(`could not resume job ${id}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  return {
    db,
    dbFile,
    dataDir: opts.dataDir,
    uploadDir,
    credentials,
    runner,
    sync,
    plans,
    events,
    handlers,
    dispatch,
    sandbox,
    async close() {
      await plans.close();
      await sync.close();
      await runner.closeAll();
      await sandbox?.close();
      await backup;
      db.close();
      releaseLock();
    },
  };
}

/** The sandbox's two connections: always present, pointing at this launch's sandbox port. */
function registerSandboxConnections(db: Db, secrets: Map<string, ConnectionSecret>, sandbox: Sandbox) {
  const c = sandbox.credentials;
  const now = Date.now();
  upsertConnection(db, {
    id: SANDBOX_COURSEPATH_ID,
    name: 'Sandbox · Coursepath',
    api: 'coursepath',
    baseUrl: c.coursepath.baseUrl,
    identity: { api: 'coursepath', email: c.coursepath.email },
    isSandbox: true,
    createdAt: now,
  });
  upsertConnection(db, {
    id: SANDBOX_COASSEMBLE_ID,
    name: 'Sandbox · Coassemble',
    api: 'coassemble',
    baseUrl: c.coassemble.baseUrl,
    identity: { api: 'coassemble', scheme: 'workspace', workspaceId: c.coassemble.workspaceId },
    isSandbox: true,
    createdAt: now,
  });
  secrets.set(SANDBOX_COURSEPATH_ID, { api: 'coursepath', apiKey: c.coursepath.apiKey });
  secrets.set(SANDBOX_COASSEMBLE_ID, {
    api: 'coassemble',
    scheme: 'workspace',
    workspaceId: c.coassemble.workspaceId,
    apiKey: c.coassemble.apiKey,
  });
}
