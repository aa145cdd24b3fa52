// Record batching (manual Coassemble configuration): many rows in one call whose body is the array of
// their records, built by the same buildBatchRequests the preview uses; each row keeps its own outcome.
import { afterEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../../src-main/services';
import type { HttpRequest, HttpResponse } from '../../../src-main/services/http';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { tempDir } from '../../helpers/tempDir';

describe('record batching', () => {
  let services: Services | null = null;
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(async () => {
    await services?.close();
    dir?.remove();
  });

  it('sends 250 rows as calls of up to 100 records, retries a failed call, and sends every row once', async () => {
    const calls: { url: string; records: { email: string }[]; status: number }[] = [];
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      const records = JSON.parse(req.body ?? '[]') as { email: string }[];
      const status = calls.length === 1 ? 500 : 200; // the second call fails once
      calls.push({ url: req.url, records, status });
      return {
        status,
        headers: {},
        body: status === 200 ? '{"ok":true}' : '{"message":"busy"}',
        durationMs: 1,
      };
    };
    dir = tempDir();
    services = await createServices({ dataDir: dir.path, sandbox: false, send });
    const s = services;
    const connection = await callOk(s, 'connections.save', {
      name: 'Fake Coassemble',
      baseUrl: 'https://api.coassemble.example',
      identity: { api: 'coassemble', scheme: 'workspace', workspaceId: '42' },
      secret: 'b'.repeat(64),
    });
    const rows = Array.from({ length: 250 }, (_, i) => [`p${i + 1}@example.com`, `P ${i + 1}`]);
    const datasetId = seedDataset(s.db, ['email', 'name'], rows);
    const job = await callOk(s, 'jobs.create', {
      datasetId,
      connectionId: connection.id,
      templateId: 'coassemble.manual',
      mapping: {
        fields: {},
        manual: {
          method: 'PUT',
          url: '/api/v1/headless/records',
          batch: { size: 100, grouping: { kind: 'sequential' } },
        },
      },
      // A manual PUT no catalog call describes could replace anything: it asks, naming the call.
      options: {
        rateLimit: null,
        canary: 0,
        confirm: 'PUT 250 records to /api/v1/headless/records on Fake Coassemble',
      },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts.succeeded).toBe(250);

    const ok = calls.filter((c) => c.status === 200);
    // The failed call's 100 rows come back together (one backoff for the call) and go again in one call.
    expect(calls.map((c) => c.records.length).sort((a, b) => a - b)).toEqual([50, 100, 100, 100]);
    const sent = ok.flatMap((c) => c.records.map((r) => r.email));
    expect(sent).toHaveLength(250);
    expect(new Set(sent).size).toBe(250);
    expect(calls.every((c) => c.url === 'https://api.coassemble.example/api/v1/headless/records')).toBe(true);

    const items = await callOk(s, 'jobs.items', { jobId: job.id, offset: 100, limit: 1 });
    expect(items.items[0]!.attempts).toBe(2);
    const attempts = await callOk(s, 'jobs.attempts', { jobId: job.id, itemId: items.items[0]!.id });
    expect(attempts.map((a) => a.responseStatus)).toEqual([500, 200]);
  });

  it('a dry run keeps the batched call each row would go out in, not a call of its own', async () => {
    const send = async (): Promise<HttpResponse> => {
      throw new Error('a dry run sends nothing');
    };
    dir = tempDir();
    services = await createServices({ dataDir: dir.path, sandbox: false, send });
    const s = services;
    const connection = await callOk(s, 'connections.save', {
      name: 'Fake Coassemble',
      baseUrl: 'https://api.coassemble.example',
      identity: { api: 'coassemble', scheme: 'workspace', workspaceId: '42' },
      secret: 'b'.repeat(64),
    });
    const datasetId = seedDataset(s.db, ['email'], [['a@example.com'], ['b@example.com'], ['c@example.com']]);
    const job = await callOk(s, 'jobs.create', {
      datasetId,
      connectionId: connection.id,
      templateId: 'coassemble.manual',
      mapping: {
        fields: {},
        manual: {
          method: 'PUT',
          url: '/api/v1/headless/records',
          batch: { size: 2, grouping: { kind: 'sequential' } },
        },
      },
      options: { rateLimit: null, canary: 0, dryRun: true },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts.skipped).toBe(3);
    const items = (await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 3 })).items;
    const bodies: (string | null)[] = [];
    for (const item of items) {
      const [a] = await callOk(s, 'jobs.attempts', { jobId: job.id, itemId: item.id });
      expect(a).toMatchObject({
        kind: 'dry_run',
        url: 'https://api.coassemble.example/api/v1/headless/records',
      });
      expect(a!.requestHeaders['Content-Type']).toBe('application/json');
      bodies.push(a!.requestBody);
    }
    expect(bodies).toEqual([
      '[{"email":"a@example.com"},{"email":"b@example.com"}]',
      '[{"email":"a@example.com"},{"email":"b@example.com"}]',
      '[{"email":"c@example.com"}]',
    ]);
  });
});
