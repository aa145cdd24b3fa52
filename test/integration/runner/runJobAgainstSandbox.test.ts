// Real parts: a SQLite file, the real keychain (D-Bus session from scripts/test.sh), the real sandbox
// HTTP server. The sandbox's ledger is the witness for "every row sent exactly once".
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../src-shared/mapping/types';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { readAllFiles } from '../../helpers/readAllFiles';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

const createMember: Mapping = {
  fields: {
    email: { kind: 'column', column: 'email' },
    name: { kind: 'template', template: '{first_name} {last_name}' },
  },
};

const call = callOk;

describe('job runner against the sandbox', () => {
  const temp = useTempServices();

  it('sends every Coursepath member exactly once, each with its own fresh JWT, and keeps every outcome', async () => {
    const services = await temp.open({ sandbox: { seed: 1 } });
    const datasetId = seedDataset(services.db, ['email', 'first_name', 'last_name'], userRows(300));
    const job = await call(services, 'jobs.create', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: createMember,
    });
    await call(services, 'jobs.start', { jobId: job.id });
    const done = await services.runner.whenSettled(job.id);
    expect(done.state).toBe('completed');
    expect(done.counts.succeeded).toBe(300);

    const received = services
      .sandbox!.ledger.entries()
      .filter((e) => e.method === 'POST' && e.path === '/api/v1/members');
    expect(received).toHaveLength(300);
    // `email` on an entry is the JWT's acting user; the member created is in the body.
    const memberEmails = received.map((e) => (e.body as { email?: string }).email);
    expect(new Set(memberEmails).size).toBe(300);
    expect(received.every((e) => e.email === services.sandbox!.credentials.coursepath.email)).toBe(true);
    expect(received.every((e) => e.status === 201)).toBe(true);
    expect(new Set(received.map((e) => e.jti)).size).toBe(300); // never reused

    const items = await call(services, 'jobs.items', {
      jobId: job.id,
      offset: 0,
      limit: 1000,
    });
    expect(items.total).toBe(300);
    expect(items.items.every((i) => i.status === 'succeeded' && i.responseStatus === 201)).toBe(true);

    // The signing secret never reached the store.
    services.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readAllFiles(temp.dir)).not.toContain(services.sandbox!.credentials.coursepath.apiKey);
  });

  it('fails a row with the API message at once on a 4xx, and reruns only failed rows', async () => {
    const services = await temp.open({ sandbox: { seed: 2 } });
    const rows = userRows(5);
    rows[2]![0] = ''; // spreadsheet row 4 (header is row 1): no email — a mapping error, skipped before sending
    const datasetId = seedDataset(services.db, ['email', 'first_name', 'last_name'], rows);
    const job = await call(services, 'jobs.create', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: createMember,
    });
    await call(services, 'jobs.start', { jobId: job.id });
    const done = await services.runner.whenSettled(job.id);
    expect(done.counts.succeeded).toBe(4);
    expect(done.counts.skipped).toBe(1);
    const skipped = await call(services, 'jobs.items', {
      jobId: job.id,
      status: 'skipped',
      offset: 0,
      limit: 10,
    });
    expect(skipped.items[0]!.rowNumber).toBe(4);
    expect(skipped.items[0]!.error).toMatch(/^Row 4: Email: is required$/);
  });

  it('upserts Coassemble users with the workspace key header under the API rate limit', async () => {
    const services = await temp.open({ sandbox: { seed: 3, coassembleLimit: null } });
    const datasetId = seedDataset(
      services.db,
      ['id', 'name', 'team'],
      Array.from({ length: 20 }, (_, i) => [`u-${i + 1}`, `User ${i + 1}`, 'blue']),
    );
    const job = await call(services, 'jobs.create', {
      datasetId,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.users.upsert',
      mapping: {
        fields: {
          identifier: { kind: 'column', column: 'id' },
          name: { kind: 'column', column: 'name' },
          metadata: { kind: 'keyValue', entries: [{ key: 'team', column: 'team' }] },
        },
      },
      // This sandbox has no limit. An upsert replaces the users' metadata: it needs its phrase.
      options: { ratePerSecond: 50, rateLimit: null, confirm: 'OVERWRITE 20 users on Sandbox · Coassemble' },
    });
    await call(services, 'jobs.start', { jobId: job.id });
    const done = await services.runner.whenSettled(job.id);
    expect(done.counts.succeeded).toBe(20);
    const puts = services.sandbox!.ledger.entries().filter((e) => e.method === 'PUT');
    expect(puts.map((e) => e.identifier).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `u-${i + 1}`).sort(),
    );
  });
});
