// The runner against the sandbox's strict readings of two unknowns (src-main/sandbox/README.md): a repeated
// delete or add refused (404 / 409, `strictRepeats`) and a 429 that uses up budget (`countRefused`). No
// public source says the real LMS answers the kind way the sandbox does by default, so the product must
// take the safe side under the strict ones too: a row is reported as what happened — never a silent
// success for what this job did not do, never a failure for what it did — and a refused window is waited
// out, not hammered.
// Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JobOptions, JobSummary } from '../../../src-shared/contract/api';
import type { Mapping } from '../../../src-shared/mapping/types';
import { signCoursepathJwt } from '../../../src-main/sandbox/index';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { sandboxState } from '../../helpers/sandboxState';
import { useTempServices } from '../../helpers/tempServices';

const col = (column: string) => ({ kind: 'column' as const, column });

async function runJob(
  s: Services,
  spec: { connectionId: string; templateId: string; columns: string[]; rows: string[][]; mapping: Mapping },
  options: JobOptions,
): Promise<JobSummary> {
  const job = await callOk(s, 'jobs.create', {
    datasetId: seedDataset(s.db, spec.columns, spec.rows),
    connectionId: spec.connectionId,
    templateId: spec.templateId,
    mapping: spec.mapping,
    options,
  });
  await callOk(s, 'jobs.start', { jobId: job.id, ...(options.confirm ? { confirm: options.confirm } : {}) });
  return s.runner.whenSettled(job.id);
}

async function itemsOf(s: Services, jobId: string) {
  return (await callOk(s, 'jobs.items', { jobId, offset: 0, limit: 500 })).items;
}

async function sendsOf(s: Services, jobId: string, itemId: number) {
  return (await callOk(s, 'jobs.attempts', { jobId, itemId })).filter((a) => a.kind === 'send');
}

/** Direct calls to the sandbox, as another admin or program would make them (out of band). */
async function outOfBand(s: Services, method: string, path: string): Promise<number> {
  const c = s.sandbox!.credentials.coassemble;
  const r = await fetch(`${s.sandbox!.url}/api/v1/headless${path}`, {
    method,
    headers: { authorization: `COASSEMBLE:${c.workspaceId}:${c.apiKey}` },
  });
  return r.status;
}

describe('strictRepeats: a delete repeated is refused 404', () => {
  const temp = useTempServices();
  const deleteCourses = (rows: string[][]) => ({
    connectionId: SANDBOX_COASSEMBLE_ID,
    templateId: 'coassemble.courses.delete',
    columns: ['course'],
    rows,
    mapping: { fields: { courseId: col('course') } },
  });

  it('a course deleted out of band before the job fails with the LMS\'s "not found", the others go through', async () => {
    const s = await temp.open({ sandbox: { seed: 21, strictRepeats: true } });
    const courses = (await sandboxState(s.sandbox!.url)).coassemble.courses
      .filter((c) => c.deleted === null)
      .slice(0, 3);
    expect(courses).toHaveLength(3);
    expect(await outOfBand(s, 'DELETE', `/course/${courses[1]!.id}`)).toBe(200);

    const done = await runJob(s, deleteCourses(courses.map((c) => [String(c.id)])), {
      canary: 0,
      confirm: 'DELETE 3 courses on Sandbox · Coassemble',
    });
    expect(done.counts).toMatchObject({ succeeded: 2, failed: 1, in_doubt: 0 });
    const items = await itemsOf(s, done.id);
    const gone = items.find((i) => i.rowNumber === 3)!; // the second data row
    // Not a silent success (this job deleted nothing there), and in the LMS's own words.
    expect(gone.status).toBe('failed');
    expect(gone.error).toBe('HTTP 404: Course not found');
    expect(gone.note).toBeNull();
    expect((await sendsOf(s, done.id, gone.id)).map((a) => a.responseStatus)).toEqual([404]);
  });

  it('a course delete whose answer was lost, sent again and told 404, succeeds saying why', async () => {
    const s = await temp.open({
      sandbox: { seed: 11, strictRepeats: true, faults: 'lost:0.5', coassembleLimit: null },
    });
    const courses = (await sandboxState(s.sandbox!.url)).coassemble.courses
      .filter((c) => c.deleted === null)
      .slice(0, 8);
    expect(courses).toHaveLength(8);
    const done = await runJob(s, deleteCourses(courses.map((c) => [String(c.id)])), {
      undo: false,
      canary: 0,
      concurrency: 1,
      maxAttempts: 8,
      rateLimit: null,
      confirm: 'DELETE 8 courses on Sandbox · Coassemble',
    });
    expect(done.counts).toMatchObject({ succeeded: 8, failed: 0, in_doubt: 0 });
    const left = (await sandboxState(s.sandbox!.url)).coassemble.courses.filter((c) => c.deleted === null);
    expect(left.filter((c) => courses.some((x) => x.id === c.id))).toEqual([]);
    let retriedInto404 = 0;
    for (const item of await itemsOf(s, done.id)) {
      const sends = await sendsOf(s, done.id, item.id);
      if (sends.at(-1)!.responseStatus !== 404) continue;
      retriedInto404++;
      expect(sends.slice(0, -1).some((a) => a.responseStatus === null)).toBe(true);
      expect(item.note).toMatch(
        /^An earlier attempt, whose answer was lost, had most likely already done this removal: .*"HTTP 404: Course not found"/,
      );
    }
    expect(retriedInto404).toBeGreaterThan(0); // the seed makes some rows take that path
  });
});

interface CpPlain {
  coursepath: {
    members: { id: number; role: string }[];
    courses: { id: number }[];
    programs: { id: number }[];
    courseMembers: { courseId: number; memberId: number }[];
    programMembers: { programId: number; memberId: number }[];
    groups: { name: string; memberIds: number[] }[];
  };
}

/** `n` (course, learner) pairs not enrolled, (program, learner) pairs not added, and learners for a new group. */
async function freePairs(s: Services, n: number) {
  const cp = ((await sandboxState(s.sandbox!.url)) as unknown as CpPlain).coursepath;
  const learners = cp.members.filter((m) => m.role !== 'admin');
  const enrolled = new Set(cp.courseMembers.map((e) => `${e.courseId}:${e.memberId}`));
  const inProgram = new Set(cp.programMembers.map((e) => `${e.programId}:${e.memberId}`));
  const course = cp.courses[0]!;
  const program = cp.programs[0]!;
  const forCourse = learners.filter((m) => !enrolled.has(`${course.id}:${m.id}`)).slice(0, n);
  const forProgram = learners.filter((m) => !inProgram.has(`${program.id}:${m.id}`)).slice(0, n);
  expect(forCourse).toHaveLength(n);
  expect(forProgram).toHaveLength(n);
  return {
    enrol: forCourse.map((m) => [String(course.id), String(m.id)]),
    programAdd: forProgram.map((m) => [String(program.id), String(m.id)]),
    groupAdd: learners.slice(0, n).map((m) => [String(m.id), 'Strict readers']),
  };
}

const ADDS = {
  enrol: {
    templateId: 'coursepath.courses.enrol',
    columns: ['course', 'member'],
    mapping: { fields: { courseId: col('course'), memberId: col('member') } },
    already: 'HTTP 409: Member is already enrolled in this course',
  },
  programAdd: {
    templateId: 'coursepath.programs.add',
    columns: ['program', 'member'],
    mapping: { fields: { programId: col('program'), memberId: col('member') } },
    already: 'HTTP 409: Member is already in this program',
  },
  groupAdd: {
    templateId: 'coursepath.groups.add',
    columns: ['member', 'group'],
    mapping: { fields: { memberId: col('member'), name: col('group') } },
    already: 'HTTP 409: Member is already in group Strict readers',
  },
} as const;

/** A signed Coursepath call, as another admin or program would make it (out of band). */
async function cpOutOfBand(
  s: Services,
  method: string,
  path: string,
  form?: Record<string, string>,
): Promise<number> {
  const c = s.sandbox!.credentials.coursepath;
  const jwt = signCoursepathJwt(c.apiKey, {
    jti: randomUUID(),
    iat: Math.floor(Date.now() / 1000),
    email: c.email,
  });
  const r = await fetch(`${s.sandbox!.url}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${jwt}`,
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  return r.status;
}

describe('strictRepeats: an add repeated is refused 409', () => {
  const temp = useTempServices();

  for (const [kind, add] of Object.entries(ADDS)) {
    it(`${kind}: a member already there before the job fails with the LMS's 409, in its words; the others go through`, async () => {
      const s = await temp.open({ sandbox: { seed: 31, strictRepeats: true } });
      const rows = (await freePairs(s, 3))[kind as keyof typeof ADDS];
      // Out of band, the second row's member is added first.
      const [a, b] = rows[1]!;
      const path =
        kind === 'enrol'
          ? `/courses/${a}/members/${b}/coursemember`
          : kind === 'programAdd'
            ? `/programs/${a}/members/${b}/programmember`
            : `/members/${a}/groups`;
      expect(await cpOutOfBand(s, 'POST', path, kind === 'groupAdd' ? { name: b! } : undefined)).toBe(201);

      const done = await runJob(
        s,
        { connectionId: SANDBOX_COURSEPATH_ID, rows, ...add, columns: [...add.columns] },
        { canary: 0 },
      );
      expect(done.counts).toMatchObject({ succeeded: 2, failed: 1, in_doubt: 0 });
      const there = (await itemsOf(s, done.id)).find((i) => i.rowNumber === 3)!;
      // Not reported as this job's doing (its undo must not remove what was there before), and said plainly.
      expect(there.status).toBe('failed');
      expect(there.error).toBe(add.already);
    });

    it(`${kind}: an add whose answer was lost, sent again and told 409, succeeds saying why`, async () => {
      const s = await temp.open({ sandbox: { seed: 11, strictRepeats: true, faults: 'lost:0.5' } });
      const rows = (await freePairs(s, 8))[kind as keyof typeof ADDS];
      const done = await runJob(
        s,
        { connectionId: SANDBOX_COURSEPATH_ID, rows, ...add, columns: [...add.columns] },
        { undo: false, canary: 0, concurrency: 1, maxAttempts: 8 },
      );
      let retriedInto409 = 0;
      for (const item of await itemsOf(s, done.id)) {
        const sends = await sendsOf(s, done.id, item.id);
        if (sends.at(-1)!.responseStatus !== 409) continue;
        retriedInto409++;
        expect(sends.slice(0, -1).some((a) => a.responseStatus === null)).toBe(true); // an answer was lost before
        expect(item.status, `row ${item.rowNumber}`).toBe('succeeded');
        expect(item.error).toBeNull();
        expect(item.note).toContain(`"${add.already}"`);
        expect(item.note).toMatch(
          /^An earlier attempt, whose answer was lost, had most likely already done this/,
        );
      }
      expect(retriedInto409).toBeGreaterThan(0); // the seed makes some rows take that path
      expect(done.counts).toMatchObject({ succeeded: 8, failed: 0, in_doubt: 0 });
      const events = await callOk(s, 'jobs.events', { jobId: done.id });
      expect(events.filter((e) => e.kind === 'failed')).toEqual([]);
    });
  }
});

describe('countRefused: a 429 uses up budget', () => {
  const temp = useTempServices();
  // Coassemble's 100 per rolling minute, scaled down in time.
  const LIMIT = { requests: 10, windowMs: 1000 };
  const ROWS = 40;
  const upsertUsers = {
    connectionId: SANDBOX_COASSEMBLE_ID,
    templateId: 'coassemble.users.upsert',
    columns: ['id', 'name'],
    rows: Array.from({ length: ROWS }, (_, i) => [`strict-${i + 1}`, `User ${i + 1}`]),
    mapping: { fields: { identifier: col('id'), name: col('name') } },
  };
  const confirm = `OVERWRITE ${ROWS} users on Sandbox · Coassemble`;

  it(
    'told the window, the runner is never refused, so nothing is counted against it',
    { timeout: 60_000 },
    async () => {
      const s = await temp.open({
        sandbox: { seed: 5, coassembleLimit: LIMIT, countRefused: true, faults: 'latency:2-20' },
      });
      const done = await runJob(s, upsertUsers, { rateLimit: LIMIT, undo: false, canary: 0, confirm });
      expect(done.counts).toMatchObject({ succeeded: ROWS, failed: 0 });
      const sent = s.sandbox!.ledger.entries().filter((e) => e.api === 'coassemble');
      expect(sent.filter((e) => e.status === 429)).toEqual([]);
    },
  );

  it(
    'not told the window, it waits out each 429 for every job instead of hammering, and every row goes through',
    { timeout: 90_000 },
    async () => {
      const s = await temp.open({
        sandbox: { seed: 5, coassembleLimit: LIMIT, countRefused: true, faults: 'latency:2-20' },
      });
      const done = await runJob(s, upsertUsers, { rateLimit: null, undo: false, canary: 0, confirm });
      expect(done.counts).toMatchObject({ succeeded: ROWS, failed: 0, in_doubt: 0 });
      const sent = s.sandbox!.ledger.entries().filter((e) => e.api === 'coassemble');
      const refused = sent.filter((e) => e.status === 429);
      console.log(`countRefused, window not told: ${sent.length} requests, ${refused.length} answered 429`);
      // Each 429 (Retry-After 1 here) holds the job: nothing arrives after it for the wait but what was
      // already on its way. Hammering would have kept the counted window full: a run of 429s.
      for (const r of refused) {
        const early = sent.filter((e) => e.at > r.at + 25 && e.at < r.at + 900);
        expect(early, `requests within the wait after the 429 at ${r.at - sent[0]!.at} ms`).toEqual([]);
      }
      // About one refusal per window's worth of rows: the runner learns nothing permanent, but never loops.
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.length).toBeLessThanOrEqual(Math.ceil(ROWS / LIMIT.requests) + 1);
    },
  );
});
