// A Coassemble signed URL expires 3 hours after it is made (evidence.md). A file of `view` rows run again
// the next day is sent again without --resend: its earlier URLs are dead, and fresh ones are what the
// admin runs it for (a view URL is safe to ask for again). Within the 3 hours the rows are already sent,
// as before; an `edit` row without a course id (a new draft course each time) stays already sent for good.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const col = (column: string) => ({ kind: 'column' as const, column });
const HOUR = 3_600_000;

async function runJob(s: Services, spec: object) {
  const job = await callOk(s, 'jobs.create', spec as never);
  await callOk(s, 'jobs.start', { jobId: job.id });
  return s.runner.whenSettled(job.id);
}

/** The job's successes as if made `hours` ago. */
function ageJob(s: Services, jobId: string, hours: number): void {
  s.db.prepare(`UPDATE job_items SET updated_at = updated_at - ? WHERE job_id = ?`).run(hours * HOUR, jobId);
}

describe('signed URLs sent again once they have expired', () => {
  const temp = useTempServices();

  it('view rows: already sent for 3 hours, then sent again without --resend; edit rows without a course stay sent', async () => {
    const s = await temp.open({ sandbox: { seed: 31 } });
    const course = (await sandboxState(s.sandbox!.url)).coassemble.courses.find((c) => c.deleted === null)!;
    const datasetId = seedDataset(
      s.db,
      ['action', 'course', 'learner'],
      [
        ['view', String(course.id), 'ann'],
        ['view', String(course.id), 'bo'],
        ['edit', '', 'cy'],
      ],
    );
    const spec = {
      datasetId,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.courses.signedUrl',
      mapping: { fields: { action: col('action'), courseId: col('course'), identifier: col('learner') } },
      options: { rateLimit: null },
    };
    const startedAt = Date.now();
    const first = await runJob(s, spec);
    expect(first.counts.succeeded).toBe(3);
    // History says until when each URL works: 3 hours from its send.
    const validUntil = async () =>
      (await callOk(s, 'jobs.items', { jobId: first.id, offset: 0, limit: 10 })).items.map((i) => i.capturedValidUntil);
    for (const until of await validUntil()) {
      expect(until).toBeGreaterThanOrEqual(startedAt + 3 * HOUR - 1_000);
      expect(until).toBeLessThanOrEqual(Date.now() + 3 * HOUR);
    }

    const soon = await callOk(s, 'jobs.preflight', spec as never);
    expect(soon.counts).toMatchObject({ wouldSend: 0, alreadySent: 3 });

    ageJob(s, first.id, 4);
    expect((await validUntil()).every((until) => until! < Date.now() - HOUR + 1_000)).toBe(true); // expired an hour ago
    const later = await callOk(s, 'jobs.preflight', spec as never);
    expect(later.counts).toMatchObject({ wouldSend: 2, alreadySent: 1 });
    const second = await runJob(s, spec);
    expect(second.counts).toMatchObject({ succeeded: 2, skipped: 1 });
  }, 60_000);
});
