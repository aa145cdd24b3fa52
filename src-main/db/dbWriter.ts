// Where the runner's turns are written: a writer thread with its own connection to the same database
// file, so that SQLite's work — the statements, the commit, the WAL checkpoints — runs beside the event
// loop that sends and receives, not in it. A turn's writes (./writeOps.ts) go over as one message and
// run as one transaction (BEGIN IMMEDIATE … COMMIT); the promise resolves once it has committed, so the
// runner still sends nothing before its `sending` mark is on disk. Writes from one thread are committed
// in the order they were given; the caller keeps one turn in flight at a time.
//
// A refused write comes back as an Error with SQLite's `code` (SQLITE_FULL, SQLITE_BUSY, …), as
// better-sqlite3 throws it, so ./storageErrors.ts reads it the same way. Where a worker cannot start,
// the same interface runs the writes on the caller's connection (`inlineWriter`).
import { createRequire } from 'node:module';
import { workerThreads } from '../services/nodeWorker';
import type { Db } from './openDb';
import { planStableSql } from './planStableSql';
import { isBusy } from './storageErrors';
import { walCheckpointPages } from './walCheckpoint';
import { applyOps, type WriteOp } from './writeOps';

export interface DbWriter {
  readonly kind: 'thread' | 'inline';
  /** Runs `ops` as one transaction; resolves with the ids of the ops that return one, once committed. */
  write(ops: readonly WriteOp[]): Promise<number[]>;
  /** A PRAGMA on the writing connection (tests: `max_page_count` makes its disk "full"). */
  pragma(text: string): Promise<unknown>;
  close(): Promise<void>;
}

/** SQLite's error code and message, carried across the thread boundary. */
class WriteError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'SqliteError';
  }
}

// SQLite's own busy handler waits 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 ms, then 100 ms a try
// (sqliteDefaultBusyCallback): the same schedule, as timers.
const BUSY_WAITS_MS = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];

/**
 * The writes on the caller's connection, in its thread (no worker): each turn is one synchronous
 * transaction, so nothing else on the connection runs inside it. While another program holds the write
 * lock, SQLite's busy_timeout would sleep inside BEGIN IMMEDIATE — freezing the event loop that receives
 * answers and the app's requests for up to `busyMs`. Here the lock is asked for without waiting
 * (busy_timeout 0 for that one transaction) and asked again from a timer, on SQLite's own schedule, for
 * as long as the connection's busy_timeout would have waited (or `busyMs`); then the refusal is thrown
 * as SQLite would have thrown it.
 */
export function inlineWriter(db: Db, busyMs?: number): DbWriter {
  const own = db.pragma('busy_timeout', { simple: true }) as number; // openDb's 5 s
  const waitMs = busyMs ?? own;
  // Not prepared once: SQLite applies `PRAGMA busy_timeout = n` when the statement is compiled, not run.
  const tryOnce = (ops: readonly WriteOp[]): number[] => {
    db.pragma('busy_timeout = 0');
    try {
      return db.transaction(() => applyOps(db, ops)).immediate();
    } finally {
      db.pragma(`busy_timeout = ${own}`);
    }
  };
  return {
    kind: 'inline',
    async write(ops) {
      const started = Date.now();
      for (let k = 0; ; k++) {
        try {
          return tryOnce(ops);
        } catch (e) {
          if (!isBusy(e) || Date.now() - started >= waitMs)
            throw e instanceof Error ? e : new Error(String(e));
          await new Promise((resolve) => setTimeout(resolve, BUSY_WAITS_MS[k] ?? 100));
        }
      }
    },
    pragma: (text) => Promise.resolve(db.pragma(text)),
    close: () => Promise.resolve(),
  };
}

// Plain CommonJS, evaluated in the worker (like checkDb.ts): the same driver by absolute path, the same
// settings as openDb.ts. Statements arrive as text once (`define`) and are then named by number.
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
db.pragma('wal_autocheckpoint = ' + workerData.checkpointPages);
const statements = [];
const begin = db.prepare('BEGIN IMMEDIATE');
const commit = db.prepare('COMMIT');
const fail = (seq, e) =>
  parentPort.postMessage({ seq, error: { message: String(e && e.message || e), code: String(e && e.code || '') } });
parentPort.on('message', (m) => {
  if (m.close) { db.close(); parentPort.postMessage({ seq: m.seq, closed: true }); parentPort.close(); return; }
  if (m.pragma !== undefined) {
    try { parentPort.postMessage({ seq: m.seq, value: db.pragma(m.pragma) }); } catch (e) { fail(m.seq, e); }
    return;
  }
  try {
    for (let k = 0; k < m.define.length; k += 2) statements[m.define[k]] = db.prepare(m.define[k + 1]);
    const ids = [];
    const w = m.ops;
    begin.run();
    try {
      // Flat: statement number, argument count (negative: hand back the inserted row id), arguments.
      for (let k = 0; k < w.length; ) {
        const st = statements[w[k]];
        const n = w[k + 1];
        const count = n < 0 ? -n - 1 : n;
        const r = st.run(...w.slice(k + 2, k + 2 + count));
        if (n < 0) ids.push(Number(r.lastInsertRowid));
        k += 2 + count;
      }
      commit.run();
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw e;
    }
    parentPort.postMessage({ seq: m.seq, ids });
  } catch (e) {
    fail(m.seq, e);
  }
});
parentPort.postMessage({ seq: 0, ready: true });
`;

/** The statements a writer thread has been given, by their number (the thread prepares each once). */
export interface WireStatements {
  known: Map<string, number>;
  next: number;
}

/** A turn's writes as the writer thread receives them (one message; bench/writerHandoff.ts measures it). */
export interface WireWrite {
  /** Statements the thread has not seen yet: number, SQL text, … */
  define: (number | string)[];
  /** Flat: statement number, argument count (as -count-1 when it hands back its row id), the arguments. */
  ops: unknown[];
}

/**
 * `ops` as one flat array of plain values (cheap to copy between threads); statements the thread has not
 * seen yet go first as text, numbered in `statements`.
 */
export function encodeWrite(ops: readonly WriteOp[], statements: WireStatements): WireWrite {
  const define: (number | string)[] = [];
  const wire: unknown[] = [];
  for (const op of ops) {
    let i = statements.known.get(op.sql);
    if (i === undefined) {
      i = statements.next++;
      statements.known.set(op.sql, i);
      define.push(i, planStableSql(op.sql)); // as openDb.ts compiles statements
    }
    wire.push(i, op.returnsId ? -op.args.length - 1 : op.args.length, ...op.args);
  }
  return { define, ops: wire };
}

interface Reply {
  seq: number;
  ids?: number[];
  value?: unknown;
  error?: { message: string; code: string };
  ready?: true;
  closed?: true;
}

/**
 * A writer thread on `file` (which must exist: the caller's connection created it). Resolves once the
 * worker has opened it; rejects when it cannot start (the caller then writes inline).
 */
export async function threadWriter(file: string): Promise<DbWriter> {
  const worker = new (workerThreads().Worker)(WORKER_CODE, {
    eval: true,
    workerData: {
      file,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      checkpointPages: walCheckpointPages(file), // chosen as openDb chooses it (./walCheckpoint.ts)
    },
  });
  const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  let seq = 0;
  let broken: Error | null = null;
  const settleAll = (e: Error) => {
    broken = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  worker.on('message', (r: Reply) => {
    const p = pending.get(r.seq);
    if (!p) return;
    pending.delete(r.seq);
    // Idle: the thread alone never keeps the process alive (a job that waits for it keeps it busy).
    if (pending.size === 0) worker.unref();
    if (r.error) p.reject(new WriteError(r.error.message, r.error.code));
    else p.resolve(r);
  });
  worker.on('error', (e) => settleAll(e));
  worker.on('exit', () => settleAll(new Error('The database writer stopped.')));
  worker.unref();

  const send = (message: object): Promise<Reply> => {
    if (broken) return Promise.reject(broken);
    const id = ++seq;
    worker.ref();
    return new Promise<Reply>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, seq: id });
    });
  };

  const statements: WireStatements = { known: new Map(), next: 0 };
  return {
    kind: 'thread',
    async write(ops) {
      const { define, ops: wire } = encodeWrite(ops, statements);
      try {
        return (await send({ define, ops: wire })).ids ?? [];
      } catch (e) {
        // The worker may not have prepared what this batch defined: define it again next time.
        for (let k = 1; k < define.length; k += 2) statements.known.delete(define[k] as string);
        throw e;
      }
    },
    async pragma(text) {
      return (await send({ pragma: text })).value;
    },
    async close() {
      if (broken) return;
      await send({ close: true }).catch(() => {});
      await worker.terminate();
    },
  };
}
