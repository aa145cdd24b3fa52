// Issue 5's secret check, after a full job: real keychain (D-Bus session from scripts/test.sh), real
// SQLite file, the real sandbox LMS with injected faults (so rows are retried and their attempts kept),
// both APIs, test-sends, connection tests, a failed row, a sync, exports from the app and from the CLI.
// Then every byte the app left behind or handed out is searched for the Coursepath signing secret, the
// Coassemble API key, the whole `COASSEMBLE:<workspace>:<key>` header, and any JWT at all: the data
// folder (SQLite after a checkpoint, its WAL, logs, exports), every answer over dispatch, every event,
// every log line, and the CLI's output. An undo job and the audit exports (JSON Lines, and the zip's
// entries unpacked) are searched too.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../../src-shared/contract/api';
import type { Mapping } from '../../../src-shared/mapping/types';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { readAllFiles } from '../../helpers/readAllFiles';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';
import { cliHere } from '../cli/runCliHere';

const ROOT = resolve(import.meta.dirname, '../../..');
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

const createMember: Mapping = {
  fields: {
    email: { kind: 'column', column: 'email' },
    name: { kind: 'template', template: '{first_name} {last_name}' },
  },
};
const upsertUser: Mapping = {
  fields: {
    identifier: { kind: 'column', column: 'id' },
    name: { kind: 'column', column: 'name' },
    metadata: { kind: 'keyValue', entries: [{ key: 'team', column: 'team' }] },
  },
};

function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'cli.mjs'), ...args], {
      cwd: ROOT,
      env: process.env,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out }));
    child.stdin.end();
  });
}

describe('no secret anywhere after a full job', () => {
  const temp = useTempServices();

  it('keeps signing secrets, API keys, auth headers and tokens out of the store, logs, exports, answers and events', async () => {
    const logs: string[] = [];
    const log = (line: string) => logs.push(line);
    const s = await temp.open({
      log,
      // 500s and resets: rows are retried (several attempts each) and some sends end in doubt and are
      // settled by a signed lookup. 409 on a duplicate email gives a failed row.
      sandbox: { seed: 55, faults: '500:0.2,reset:0.05', coassembleLimit: null, duplicateMember: 'conflict' },
      // The sandbox keeps no window here, so neither does the sync (at Coassemble's 0.6 s a request it
      // waited half a minute; what it stores, not its pace, is what this test looks at).
      sync: { rateLimit: null },
    });
    const dir = temp.dir;
    const creds = s.sandbox!.credentials;
    const secrets = {
      'Coursepath signing secret': creds.coursepath.apiKey,
      'Coassemble API key': creds.coassemble.apiKey,
      'Coassemble auth header': `COASSEMBLE:${creds.coassemble.workspaceId}:${creds.coassemble.apiKey}`,
    };
    const events: EventMessage[] = [];
    s.events.subscribe((m) => events.push(m));
    const answers: unknown[] = [];
    const call: typeof callOk = async (svc, method, input) => {
      const value = await callOk(svc, method, input);
      answers.push({ method, value });
      return value;
    };

    // Coursepath: 40 new members plus the acting admin, who already exists (409 → failed).
    const rows = userRows(40);
    rows.push([creds.coursepath.email, 'Admin', 'Again']);
    const cpData = seedDataset(s.db, ['email', 'first_name', 'last_name'], rows);
    const cpSpec = {
      datasetId: cpData,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: createMember,
    };
    await call(s, 'connections.test', { id: SANDBOX_COURSEPATH_ID });
    await call(s, 'requests.preview', { ...cpSpec, offset: 0, limit: 5 });
    await call(s, 'requests.testSend', { ...cpSpec, rowNumber: 2 });
    const cpJob = await call(s, 'jobs.create', {
      ...cpSpec,
      options: { ratePerSecond: null, concurrency: 4, maxAttempts: 6 },
    });
    await call(s, 'jobs.start', { jobId: cpJob.id });
    const cpDone = await s.runner.whenSettled(cpJob.id);

    // Coassemble: 20 users upserted with the workspace key header.
    const existingUsers = (await sandboxState(s.sandbox!.url)).coassemble.users.slice(0, 10).map((u) => u.identifier);
    const caData = seedDataset(
      s.db,
      ['id', 'name', 'team'],
      // Half of them exist in the sandbox already (so the job can be undone), half are new.
      Array.from({ length: 20 }, (_, i) => [existingUsers[i] ?? `u-${i + 1}`, `User ${i + 1}`, 'blue']),
    );
    const caSpec = {
      datasetId: caData,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.users.upsert',
      mapping: upsertUser,
    };
    await call(s, 'connections.test', { id: SANDBOX_COASSEMBLE_ID });
    await call(s, 'requests.preview', { ...caSpec, offset: 0, limit: 5 });
    await call(s, 'requests.testSend', { ...caSpec, rowNumber: 2, confirm: 'OVERWRITE 1 user on Sandbox · Coassemble' });
    const caJob = await call(s, 'jobs.create', {
      ...caSpec,
      // Row 2 was test-sent: 19 rows go, and the upsert's phrase says so.
      options: { ratePerSecond: 50, rateLimit: null, maxAttempts: 6, confirm: 'OVERWRITE 19 users on Sandbox · Coassemble' },
    });
    await call(s, 'jobs.start', { jobId: caJob.id });
    const caDone = await s.runner.whenSettled(caJob.id);

    // Undo the upserts: the users' state before each write was read (and kept) with the key's header.
    const undoPlan = await call(s, 'jobs.undoPlan', { jobId: caJob.id });
    expect(undoPlan.counts.undo).toBeGreaterThan(0);
    const undo = await call(s, 'jobs.undo', { jobId: caJob.id, start: true, confirm: undoPlan.confirmation! });
    await s.runner.whenSettled(undo.job!.id);
    await call(s, 'jobs.audit', { jobId: caJob.id });
    await call(s, 'jobs.auditRows', { jobId: caJob.id, afterRow: 0, limit: 1000 });
    await call(s, 'jobs.auditRows', { jobId: undo.job!.id, afterRow: 0, limit: 1000 });

    // The job really did what this test relies on: retries, a failed row, both APIs.
    expect(cpDone.counts.failed).toBeGreaterThanOrEqual(1);
    // Row 2 went as a test send first: when it succeeded, the job skips it as already sent.
    expect(
      cpDone.counts.succeeded + cpDone.counts.failed + cpDone.counts.in_doubt + cpDone.skipReasons.alreadySent,
    ).toBe(41);
    expect(caDone.counts.succeeded).toBeGreaterThan(0);
    const faults = s
      .sandbox!.ledger.entries()
      .filter((e) => e.outcome.startsWith('fault:') || e.outcome === 'reset');
    expect(faults.length).toBeGreaterThan(3);

    // Everything the app shows: items and every attempt of every row, test calls, connections, jobs.
    let retried = 0;
    for (const job of [cpJob, caJob]) {
      const items = await call(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 1000 });
      for (const item of items.items) {
        const attempts = await call(s, 'jobs.attempts', { jobId: job.id, itemId: item.id });
        if (attempts.length > 1) retried += 1;
      }
      await call(s, 'jobs.get', { jobId: job.id });
    }
    expect(retried, 'rows sent more than once, with their attempts recorded').toBeGreaterThan(0);
    const testCalls = await call(s, 'requests.testCalls', { offset: 0, limit: 100 });
    expect(testCalls.total).toBe(2);
    await call(s, 'connections.list', {});
    await call(s, 'jobs.list', {});
    await call(s, 'app.info', {});

    // A sync of both LMSs (their data lands in SQLite too), and the exports the app writes.
    await call(s, 'sync.start', {});
    await s.sync.whenDone(SANDBOX_COURSEPATH_ID);
    await s.sync.whenDone(SANDBOX_COASSEMBLE_ID);
    await call(s, 'sync.status', {});
    const exported = [
      await call(s, 'jobs.export', { jobId: cpJob.id }),
      await call(s, 'jobs.export', { jobId: cpJob.id, status: 'failed' }),
      await call(s, 'jobs.export', { jobId: caJob.id }),
    ];
    for (const e of exported) expect(existsSync(e.path)).toBe(true);

    s.db.pragma('wal_checkpoint(TRUNCATE)');
    const walWhileOpen = existsSync(`${s.dbFile}-wal`)
      ? readFileSync(`${s.dbFile}-wal`).toString('latin1')
      : '';
    const whileOpen = readAllFiles(dir);
    await temp.close();

    // The CLI on the same folder (the app is closed: one process per data folder): its exports too. The
    // first command is the bin's own process; the others run the same router in this process (cliHere),
    // their output and files scanned the same way.
    const cliOut: string[] = [];
    const here = async (args: string[]) => {
      const r = await cliHere(args);
      return { code: r.code, out: r.stdout + r.stderr };
    };
    for (const [i, args] of [
      ['jobs', 'export', cpJob.id, '--out', join(dir, 'cli-results.csv')],
      ['jobs', 'export', caJob.id, '--format', 'json'],
      ['jobs', 'show', cpJob.id],
      ['connections', 'list'],
      ['jobs', 'export', caJob.id, '--format', 'audit', '--out', join(dir, 'audit.jsonl')],
      ['jobs', 'export', undo.job!.id, '--format', 'audit', '--out', join(dir, 'audit.zip')],
      ['jobs', 'export', cpJob.id, '--format', 'audit'],
    ].entries()) {
      const r = await (i === 0 ? cli : here)([...args, '--data-dir', dir]);
      expect(r.code, r.out).toBe(0);
      cliOut.push(r.out);
    }
    expect(readFileSync(join(dir, 'cli-results.csv'), 'utf8')).toContain('succeeded');
    // The audit exports hold every request (the prior reads among them); the zip is read unpacked.
    expect(readFileSync(join(dir, 'audit.jsonl'), 'utf8')).toContain('"kind":"prior"');
    const unzipped = Object.entries(unzipSync(readFileSync(join(dir, 'audit.zip'))))
      .map(([name, bytes]) => `${name}\n${Buffer.from(bytes).toString('utf8')}`)
      .join('\n');
    expect(unzipped).toContain('requests.csv');
    expect(unzipped).toContain('Authorization');

    // Write what was handed out next to the files, so one scan reads it all.
    const afterAll = readAllFiles(dir);
    const haystacks: Record<string, string> = {
      'data folder while open (SQLite, WAL, exports)': whileOpen,
      'WAL while open': walWhileOpen,
      'data folder after close and the CLI': afterAll,
      'dispatch answers': JSON.stringify(answers),
      events: JSON.stringify(events),
      'log lines': logs.join('\n'),
      'CLI output': cliOut.join('\n'),
      'audit zip, unpacked': unzipped,
    };
    // The scan does see the data: rows, captured ids and the sandbox's answers are there.
    expect(afterAll).toContain('learner40@example.com');
    expect(afterAll).toContain('u-20');
    expect(haystacks['dispatch answers']).toContain('learner1@example.com');

    const found: string[] = [];
    for (const [where, text] of Object.entries(haystacks)) {
      for (const [what, secret] of Object.entries(secrets))
        if (text.includes(secret)) found.push(`${what} in ${where}`);
      const jwt = JWT.exec(text);
      if (jwt) found.push(`a JWT in ${where}: …${text.slice(Math.max(0, jwt.index - 80), jwt.index + 20)}…`);
      // Any bearer token or workspace key at all, not only today's (the redacted forms start with '<').
      const token = /Bearer\s+(?!<)[\w.~+/=-]{8,}|COASSEMBLE:\d+:[0-9a-f]{16,}/i.exec(text);
      if (token) found.push(`a credential in ${where}: ${token[0].slice(0, 24)}…`);
    }
    expect(found).toEqual([]);
  }, 150_000); // several CLI processes and an undo job on a sandbox answering 20% 500s: slow on a busy machine
});
