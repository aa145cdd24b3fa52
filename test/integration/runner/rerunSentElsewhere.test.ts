// A failed row rerun after another job sent it: skipped as already sent, and no longer carrying its old
// failure. Found by a probe: its export line read "skipped (already sent), 500, 0, HTTP 500: Internal server
// error (gave up after 1 attempt), Not sent: … already sent by job 3b9d3c02" — an Error on a row that did
// not fail, counted by anyone filtering the Error column.
import { describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../../../src-main/services/http';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

describe('rerunning a failed row another job has sent since', () => {
  const temp = useTempServices();

  it('skips it as already sent, without the old error', async () => {
    let down = true;
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      if (down && decodeURIComponent(req.body ?? '').includes('learner2@'))
        return { status: 500, headers: {}, body: '{"message":"Internal server error"}', durationMs: 1 };
      return { status: 201, headers: {}, body: JSON.stringify({ id: 7 }), durationMs: 1 };
    };
    const s = await temp.open({ send, sandbox: false });
    const connection = await callOk(s, 'connections.save', {
      name: 'Acme',
      baseUrl: 'https://acme.coursepath.example',
      identity: { api: 'coursepath', email: 'admin@acme.example' },
      secret: 's'.repeat(40),
    });
    const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(3));
    const spec = { ...memberJobSpec(datasetId, connection.id), options: { canary: 0, maxAttempts: 1 } };
    const first = await callOk(s, 'jobs.create', spec);
    await callOk(s, 'jobs.start', { jobId: first.id });
    expect((await s.runner.whenSettled(first.id)).counts).toMatchObject({ succeeded: 2, failed: 1 });

    down = false;
    const second = await callOk(s, 'jobs.create', spec); // the same file again: row 3 goes, the others are skipped
    await callOk(s, 'jobs.start', { jobId: second.id });
    expect((await s.runner.whenSettled(second.id)).counts).toMatchObject({ succeeded: 1, skipped: 2 });

    await callOk(s, 'jobs.retryFailed', { jobId: first.id });
    expect((await s.runner.whenSettled(first.id)).counts).toMatchObject({
      succeeded: 2,
      failed: 0,
      skipped: 1,
    });
    const row = (await callOk(s, 'jobs.items', { jobId: first.id, offset: 0, limit: 10 })).items.find(
      (i) => i.rowNumber === 3,
    )!;
    expect(row).toMatchObject({
      status: 'skipped',
      skipReason: 'alreadySent',
      error: null,
      responseStatus: null,
    });
    // (Row 3 was skipped as the rerun started: nothing left to send.)
    const said = (await callOk(s, 'jobs.events', { jobId: first.id })).map((e) => e.message);
    expect(said).toContainEqual(expect.stringMatching(/^Rerun of the failed rows: 0 rows to send, /));
    expect(said.filter((m) => m.startsWith('Resumed'))).toEqual([]);
    expect(row.note).toMatch(
      new RegExp(`^Not sent: email=learner2@example.com was already sent by job ${second.id.slice(0, 8)}`),
    );
  });
});
