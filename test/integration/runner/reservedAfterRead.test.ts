// A row read before its write (undo on), then reserved ahead of a free slot, released when the LMS asks to
// wait, and claimed again in the same run: its read of this run stands — it is not read again, and it is
// still known as a row this run read (ClaimedItem.lastAttemptBeforeRead), not as one sent in an earlier run.
// Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP (one 429 answered in front of it).
// How the rows come to be reserved: after the first row, four reads in flight at concurrency 4; the admin pins concurrency to 1
// before they answer, so three of the rows read well wait reserved behind the first, whose write is told 429
// (the job holds, and releases what it reserved).
import { describe, expect, it } from 'vitest';
import { sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const ROWS = 6;

describe('a row read, reserved, released and claimed again in one run', () => {
  const temp = useTempServices();

  it('is read once, and its write follows that read', async () => {
    const reads = new Map<string, number>();
    const heldReads: (() => void)[] = [];
    let holding = true;
    let gets = 0;
    let writes = 0;
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      if (req.method === 'GET') {
        const path = new URL(req.url).pathname;
        reads.set(path, (reads.get(path) ?? 0) + 1);
        // The first read goes (until the LMS accepts a request, one at a time); the next four wait.
        if (holding && ++gets > 1) await new Promise<void>((r) => heldReads.push(r));
        return sendHttp(req);
      }
      writes += 1;
      if (writes === 2)
        return {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '1' },
          body: '{"message":"Too many requests"}',
          durationMs: 5,
        };
      return sendHttp(req);
    };
    const s = await temp.open({ sandbox: { seed: 54 }, send });
    const members = (await sandboxState(s.sandbox!.url)).coursepath.members.slice(0, ROWS);
    expect(members).toHaveLength(ROWS);
    const datasetId = seedDataset(
      s.db,
      ['member', 'company'],
      members.map((m, i) => [String(m.id), `Company ${i}`]),
    );
    const job = await callOk(s, 'jobs.create', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.update',
      mapping: {
        fields: { memberId: { kind: 'column', column: 'member' }, company: { kind: 'column', column: 'company' } },
      },
      options: { canary: 0, concurrency: 4, undo: true, confirm: `OVERWRITE ${ROWS} member profiles on Sandbox · Coursepath` },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    for (let i = 0; i < 200 && heldReads.length < 4; i++) await new Promise((r) => setTimeout(r, 25));
    try {
      expect(heldReads).toHaveLength(4);
      await callOk(s, 'jobs.setRate', { jobId: job.id, ratePerSecond: null, concurrency: 1 });
    } finally {
      holding = false;
      heldReads.splice(0).forEach((go) => go());
    }
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: ROWS, failed: 0 });

    const readTwice = [...reads].filter(([, n]) => n > 1);
    const priorReads = s.db
      .prepare(
        `SELECT i.row_number AS row, COUNT(*) AS n FROM attempts a JOIN job_items i ON i.id = a.item_id
          WHERE i.job_id = ? AND a.kind = 'prior' GROUP BY i.id HAVING n > 1`,
      )
      .all(job.id);
    expect({ readTwice, priorReads }).toEqual({ readTwice: [], priorReads: [] });
  }, 60_000);
});
