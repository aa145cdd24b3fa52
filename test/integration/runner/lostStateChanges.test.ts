// A course state change (restore, publish, revert) whose answer was lost — the LMS did it, then the
// connection dropped — is sent again, since it is safe to repeat; the LMS may refuse the repeat (a restore
// of a course no longer deleted answers 400). A 400 has too many causes to mean "already done" on its own,
// so the runner reads the course: in the state the row asks for → the row succeeded, saying why; not →
// it fails with the LMS's words and what the read found. A refusal with nothing lost before reads nothing.
// Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP with its `lost` fault.
import { describe, expect, it } from 'vitest';
import type { JobOptions, JobSummary } from '../../../src-shared/contract/api';
import { SANDBOX_COASSEMBLE_ID, type Services } from '../../../src-main/services';
import type { SandboxOptions } from '../../../src-main/sandbox/index';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { sandboxState } from '../../helpers/sandboxState';
import { useTempServices } from '../../helpers/tempServices';

const LOSSY: SandboxOptions = { seed: 11, faults: 'lost:0.5', coassembleLimit: null };
const OPTIONS: JobOptions = { canary: 0, concurrency: 1, maxAttempts: 8, rateLimit: null };

async function courseJob(
  s: Services,
  action: 'restore' | 'publish' | 'revert',
  ids: number[],
  confirm?: string,
): Promise<JobSummary> {
  const job = await callOk(s, 'jobs.create', {
    datasetId: seedDataset(
      s.db,
      ['course'],
      ids.map((id) => [String(id)]),
    ),
    connectionId: SANDBOX_COASSEMBLE_ID,
    templateId: `coassemble.courses.${action}`,
    mapping: { fields: { courseId: { kind: 'column', column: 'course' } } },
    options: OPTIONS,
  });
  await callOk(s, 'jobs.start', { jobId: job.id, ...(confirm ? { confirm } : {}) });
  return s.runner.whenSettled(job.id);
}

/**
 * A direct call to the sandbox, as another admin would make it. Under the `lost` fault the work is done
 * and the answer dropped: a thrown fetch is as good as an answer here.
 */
async function outOfBand(s: Services, method: string, path: string): Promise<void> {
  const c = s.sandbox!.credentials.coassemble;
  await fetch(`${s.sandbox!.url}/api/v1/headless${path}`, {
    method,
    headers: { authorization: `COASSEMBLE:${c.workspaceId}:${c.apiKey}` },
  }).catch(() => undefined);
}

async function courses(s: Services) {
  return (await sandboxState(s.sandbox!.url)).coassemble.courses;
}

/** `n` draft courses (never published): copies of live ones, made out of band. */
async function drafts(s: Services, n: number): Promise<number[]> {
  const live = (await courses(s)).filter((c) => c.deleted === null && c.published !== null);
  const before = new Set((await courses(s)).map((c) => c.id));
  for (const c of live.slice(0, n)) await outOfBand(s, 'POST', `/course/${c.id}/duplicate`);
  const made = (await courses(s)).filter((c) => !before.has(c.id) && c.published === null);
  expect(made).toHaveLength(n);
  return made.map((c) => c.id);
}

/** Each row with its exchanges in order (kind and status). */
async function rowsOf(s: Services, jobId: string) {
  const { items } = await callOk(s, 'jobs.items', { jobId, offset: 0, limit: 100 });
  return Promise.all(
    items.map(async (item) => ({
      item,
      exchanges: (await callOk(s, 'jobs.attempts', { jobId, itemId: item.id })).filter(
        (a) => a.kind !== 'prior',
      ),
    })),
  );
}

const LOST_THEN_READ =
  /^An earlier attempt, whose answer was lost, had most likely already done this: sent again, the LMS answered "(.*)", and a read of the course's state then found the course is (published|draft), as the row asks\./;

describe('a course state change sent again after its answer was lost, and refused', () => {
  const temp = useTempServices();

  it('restore: told "Course is not deleted", the course read live again → succeeded, saying why', async () => {
    const s = await temp.open({ sandbox: LOSSY });
    const ids = (await courses(s))
      .filter((c) => c.deleted === null)
      .slice(0, 8)
      .map((c) => c.id);
    for (const id of ids) await outOfBand(s, 'DELETE', `/course/${id}`);
    expect((await courses(s)).filter((c) => ids.includes(c.id) && c.deleted === null)).toEqual([]);

    const done = await courseJob(s, 'restore', ids);
    expect(done.counts).toMatchObject({ succeeded: 8, failed: 0, in_doubt: 0 });
    expect((await courses(s)).filter((c) => ids.includes(c.id) && c.deleted !== null)).toEqual([]);
    let refused = 0;
    for (const { item, exchanges } of await rowsOf(s, done.id)) {
      const sends = exchanges.filter((a) => a.kind === 'send');
      if (sends.at(-1)!.responseStatus !== 400) {
        expect(item.note, `row ${item.rowNumber}`).toBeNull();
        expect(exchanges.filter((a) => a.kind === 'lookup')).toEqual([]); // nothing read on the way
        continue;
      }
      refused++;
      expect(sends.slice(0, -1).some((a) => a.responseStatus === null)).toBe(true); // lost before
      expect(item.status, `row ${item.rowNumber}`).toBe('succeeded');
      expect(item.error).toBeNull();
      expect(item.note).toMatch(LOST_THEN_READ);
      expect(LOST_THEN_READ.exec(item.note!)![1]).toBe('HTTP 400: Course is not deleted');
      // The read is kept with the row, after the refused send: a GET of the course that answered.
      const read = exchanges.at(-1)!;
      expect(read).toMatchObject({ kind: 'lookup', responseStatus: 200 });
      expect(read.url).toMatch(/\/api\/v1\/headless\/courses\/\d+$/);
    }
    expect(refused).toBeGreaterThan(0); // the seed makes some rows take that path
    const events = await callOk(s, 'jobs.events', { jobId: done.id });
    expect(events.filter((e) => e.kind === 'failed')).toEqual([]);
  });

  it('publish (strictRepeats: a second publish is refused 400): the course read published → succeeded', async () => {
    const s = await temp.open({ sandbox: { ...LOSSY, strictRepeats: true } });
    const ids = await drafts(s, 8);
    const done = await courseJob(s, 'publish', ids, 'PUBLISH 8 courses on Sandbox · Coassemble');
    expect(done.counts).toMatchObject({ succeeded: 8, failed: 0, in_doubt: 0 });
    expect((await courses(s)).filter((c) => ids.includes(c.id) && c.published === null)).toEqual([]);
    let refused = 0;
    for (const { item, exchanges } of await rowsOf(s, done.id)) {
      const sends = exchanges.filter((a) => a.kind === 'send');
      if (sends.at(-1)!.responseStatus !== 400) continue;
      refused++;
      expect(sends.slice(0, -1).some((a) => a.responseStatus === null)).toBe(true);
      expect(item.status, `row ${item.rowNumber}`).toBe('succeeded');
      expect(item.note).toMatch(LOST_THEN_READ);
      expect(LOST_THEN_READ.exec(item.note!)!.slice(1)).toEqual([
        'HTTP 400: Course has no changes to publish',
        'published',
      ]);
    }
    expect(refused).toBeGreaterThan(0);
  });

  it("revert of courses never published: refused, and the read finds them drafts → failed with the LMS's words and the finding", async () => {
    const s = await temp.open({ sandbox: LOSSY });
    const ids = await drafts(s, 8);
    const done = await courseJob(s, 'revert', ids, 'REVERT 8 courses on Sandbox · Coassemble');
    expect(done.counts).toMatchObject({ succeeded: 0, failed: 8, in_doubt: 0 });
    const lms = 'HTTP 400: Course has no published version to revert to';
    let afterLoss = 0;
    for (const { item, exchanges } of await rowsOf(s, done.id)) {
      const sends = exchanges.filter((a) => a.kind === 'send');
      expect(sends.at(-1)!.responseStatus).toBe(400);
      expect(item.note).toBeNull();
      if (!sends.slice(0, -1).some((a) => a.responseStatus === null)) {
        // Refused at its first answer: the LMS's words alone, and nothing read.
        expect(item.error, `row ${item.rowNumber}`).toBe(lms);
        expect(exchanges.filter((a) => a.kind === 'lookup')).toEqual([]);
        continue;
      }
      afterLoss++;
      expect(item.error, `row ${item.rowNumber}`).toBe(
        `${lms} — an earlier attempt's answer was lost, but a read of the course's state finds this not done: state=draft`,
      );
      expect(exchanges.at(-1)).toMatchObject({ kind: 'lookup', responseStatus: 200 });
    }
    expect(afterLoss).toBeGreaterThan(0);
  });
});
