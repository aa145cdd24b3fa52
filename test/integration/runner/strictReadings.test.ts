// The runner against the sandbox's strict readings of two unknowns (src-main/sandbox/README.md): a repeated
// delete or add refused (404 / 409, `strictRepeats`) and a 429 that uses up budget (`countRefused`). No
// public source says the real LMS answers the kind way the sandbox does by default, so the product must
// take the safe side under the strict ones too: a row is reported as what happened — never a silent
// success for what this job did not do, never a failure for what it did — an add told the member was
// there before succeeds as it would told 200, saying so, and its undo leaves that member; and a refused
// window is waited out, not hammered.
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

  /** What a delete told "not found" says when the read just before it found the course gone. */
  const goneBefore = (id: number | string) =>
    `HTTP 404: Course not found — no course ${id} at this LMS: the read just before this removal found it ` +
    'already gone (removed before this job, or a mistyped id)';

  it('a course deleted out of band before the job, or a mistyped id, fails saying the read before found it gone; the others go through', async () => {
    const s = await temp.open({ sandbox: { seed: 21, strictRepeats: true } });
    const courses = (await sandboxState(s.sandbox!.url)).coassemble.courses
      .filter((c) => c.deleted === null)
      .slice(0, 3);
    expect(courses).toHaveLength(3);
    expect(await outOfBand(s, 'DELETE', `/course/${courses[1]!.id}`)).toBe(200);
    const mistyped = '999999999';
    expect(await outOfBand(s, 'GET', `/courses/${mistyped}`)).toBe(404);

    const done = await runJob(s, deleteCourses([...courses.map((c) => [String(c.id)]), [mistyped]]), {
      canary: 0,
      rateLimit: null, // the words are tested, not Coassemble's pace (0.6 s a request: ~5 s for 8 of them)
      confirm: 'DELETE 4 courses on Sandbox · Coassemble',
    });
    expect(done.counts).toMatchObject({ succeeded: 2, failed: 2, in_doubt: 0 });
    const items = await itemsOf(s, done.id);
    const gone = items.find((i) => i.rowNumber === 3)!; // the second data row
    // Not a silent success (this job deleted nothing there: a 404 also means a mistyped id), in the LMS's
    // own words and what the read just before the write found.
    expect(gone.status).toBe('failed');
    expect(gone.error).toBe(goneBefore(courses[1]!.id));
    expect(gone.note).toBeNull();
    expect((await sendsOf(s, done.id, gone.id)).map((a) => a.responseStatus)).toEqual([404]);
    const typo = items.find((i) => i.rowNumber === 5)!;
    expect(typo.status).toBe('failed');
    expect(typo.error).toBe(goneBefore(mistyped));
  });

  it("with no read before the write (undo off), a course not found fails with the LMS's bare words", async () => {
    const s = await temp.open({ sandbox: { seed: 21, strictRepeats: true } });
    const course = (await sandboxState(s.sandbox!.url)).coassemble.courses.find((c) => c.deleted === null)!;
    expect(await outOfBand(s, 'DELETE', `/course/${course.id}`)).toBe(200);
    const done = await runJob(s, deleteCourses([[String(course.id)]]), {
      canary: 0,
      undo: false,
      confirm: 'DELETE 1 course on Sandbox · Coassemble',
    });
    expect(done.counts).toMatchObject({ succeeded: 0, failed: 1 });
    const [item] = await itemsOf(s, done.id);
    expect(item!.error).toBe('HTTP 404: Course not found');
    expect(item!.note).toBeNull();
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

/** The out-of-band call that adds a row's member ([course|program|member, member|group]) first. */
function addPath(kind: keyof typeof ADDS, [a, b]: string[]): [string, Record<string, string> | undefined] {
  if (kind === 'enrol') return [`/courses/${a}/members/${b}/coursemember`, undefined];
  if (kind === 'programAdd') return [`/programs/${a}/members/${b}/programmember`, undefined];
  return [`/members/${a}/groups`, { name: b! }];
}

/** Whether the row's member is in its course, program or group, as the sandbox holds it. */
async function isThere(s: Services, kind: keyof typeof ADDS, [a, b]: string[]): Promise<boolean> {
  const cp = ((await sandboxState(s.sandbox!.url)) as unknown as CpPlain).coursepath;
  if (kind === 'enrol') return cp.courseMembers.some((e) => `${e.courseId}:${e.memberId}` === `${a}:${b}`);
  if (kind === 'programAdd')
    return cp.programMembers.some((e) => `${e.programId}:${e.memberId}` === `${a}:${b}`);
  return cp.groups.some((g) => g.name === b && g.memberIds.includes(Number(a)));
}

/** The note of a row the LMS told (409) was already there, with nothing of this job's lost before. */
const thereBefore = (already: string) =>
  `Already there before this job: the LMS answered 409 "${already.replace(/^HTTP 409: /, '')}". ` +
  'This job did not add it, and undoing the job leaves it there.';
const NOTHING_TO_UNDO = 'already there before this job (the LMS answered 409): this job did not add it';

describe('strictRepeats: an add repeated is refused 409', () => {
  const temp = useTempServices();

  for (const [kind, add] of Object.entries(ADDS)) {
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

describe('strictRepeats: an add of what was there before the job succeeds, and its undo leaves it', () => {
  const temp = useTempServices();
  const BEFORE = [0, 2, 4]; // of 5 rows, these members are there before the job

  for (const [name, add] of Object.entries(ADDS)) {
    const kind = name as keyof typeof ADDS;
    it(`${kind}: 5 rows, 3 there before: 5 succeed, those 3 saying so; the undo removes only the 2 added`, async () => {
      const s = await temp.open({ sandbox: { seed: 31, strictRepeats: true } });
      const rows = (await freePairs(s, 5))[kind];
      for (const i of BEFORE) expect(await cpOutOfBand(s, 'POST', ...addPath(kind, rows[i]!))).toBe(201);

      const done = await runJob(
        s,
        { connectionId: SANDBOX_COURSEPATH_ID, rows, ...add, columns: [...add.columns] },
        { canary: 0 },
      );
      // As under the lenient reading (200): the row asks for a membership, and it holds.
      expect(done.state).toBe('completed');
      expect(done.counts).toMatchObject({ succeeded: 5, failed: 0, in_doubt: 0 });
      for (const item of await itemsOf(s, done.id)) {
        const before = BEFORE.includes(item.rowNumber - 2);
        expect(item.status, `row ${item.rowNumber}`).toBe('succeeded');
        expect(item.error).toBeNull();
        expect(item.note).toBe(before ? thereBefore(add.already) : null);
        expect(item.responseStatus).toBe(before ? 409 : 201);
        if (before) expect(item.captured).toBeNull(); // nothing of a refusal is kept as the row's result
      }
      const events = await callOk(s, 'jobs.events', { jobId: done.id });
      expect(events.filter((e) => e.kind === 'failed')).toEqual([]);

      // This job did not add those 3: undoing it must not remove them.
      const plan = await callOk(s, 'jobs.undoPlan', { jobId: done.id });
      expect(plan.counts).toMatchObject({ rows: 5, undo: 2, unchanged: 3, cannot: 0, notSent: 0 });
      expect(plan.unchanged).toEqual(
        BEFORE.map((i) => expect.objectContaining({ rowNumber: i + 2, reason: NOTHING_TO_UNDO })),
      );
      const { job: undo } = await callOk(s, 'jobs.undo', {
        jobId: done.id,
        start: true,
        ...(plan.confirmation ? { confirm: plan.confirmation } : {}),
      });
      const undone = await s.runner.whenSettled(undo!.id);
      expect(undone.counts).toMatchObject({ total: 2, succeeded: 2 });
      for (const [i, row] of rows.entries())
        expect(await isThere(s, kind, row), `row ${i + 2}`).toBe(BEFORE.includes(i));
    });
  }

  it('with undo off (--no-undo), no state read before: what was there is still nothing to undo', async () => {
    const s = await temp.open({ sandbox: { seed: 31, strictRepeats: true } });
    const rows = (await freePairs(s, 5)).enrol;
    for (const i of BEFORE) expect(await cpOutOfBand(s, 'POST', ...addPath('enrol', rows[i]!))).toBe(201);
    const add = ADDS.enrol;
    const done = await runJob(
      s,
      { connectionId: SANDBOX_COURSEPATH_ID, rows, ...add, columns: [...add.columns] },
      { canary: 0, undo: false },
    );
    expect(done.counts).toMatchObject({ succeeded: 5, failed: 0 });
    const plan = await callOk(s, 'jobs.undoPlan', { jobId: done.id });
    // The 2 it added cannot be undone without knowing the state before (results would be deleted);
    // the 3 it found there are not its doing at all.
    expect(plan.counts).toMatchObject({ rows: 5, undo: 0, unchanged: 3, cannot: 2 });
    expect(plan.unchanged.map((r) => [r.rowNumber, r.reason])).toEqual(
      BEFORE.map((i) => [i + 2, NOTHING_TO_UNDO]),
    );
    expect(plan.cannot.map((r) => r.rowNumber)).toEqual([3, 5]);
  });

  it('a file of 60 rows, 50 of them enrolled before, runs to the end: no failure trips the breaker', async () => {
    const s = await temp.open({ sandbox: { seed: 31, strictRepeats: true } });
    const cp = ((await sandboxState(s.sandbox!.url)) as unknown as CpPlain).coursepath;
    const already = cp.courseMembers.slice(0, 50).map((e) => [String(e.courseId), String(e.memberId)]);
    expect(already).toHaveLength(50);
    const fresh = (await freePairs(s, 10)).enrol;
    // The new ones spread among the others, so the breaker's window sees the 409s on both sides of them.
    const rows = already.flatMap((r, i) => (i % 5 === 4 ? [r, fresh[(i - 4) / 5]!] : [r]));
    expect(rows).toHaveLength(60);
    const add = ADDS.enrol;
    const done = await runJob(
      s,
      { connectionId: SANDBOX_COURSEPATH_ID, rows, ...add, columns: [...add.columns] },
      { canary: 0, breaker: { failures: 20, window: 50 } },
    );
    expect(done.stopReason).toBeNull();
    expect(done.state).toBe('completed');
    expect(done.counts).toMatchObject({ succeeded: 60, failed: 0, pending: 0 });
    const items = await itemsOf(s, done.id);
    expect(items.filter((i) => i.note === thereBefore(add.already))).toHaveLength(50);
    const plan = await callOk(s, 'jobs.undoPlan', { jobId: done.id });
    expect(plan.counts).toMatchObject({ rows: 60, undo: 10, unchanged: 50, cannot: 0 });
  });
});

describe('strictRepeats: a row repeating an add of the same job (allowDuplicates) is told 409', () => {
  const temp = useTempServices();

  for (const [name, add] of Object.entries(ADDS)) {
    const kind = name as keyof typeof ADDS;
    it(`${kind}: the repeat succeeds naming the row that added it; the undo removes it once, with that row`, async () => {
      const s = await temp.open({ sandbox: { seed: 31, strictRepeats: true } });
      const [first, other, pre] = (await freePairs(s, 3))[kind];
      expect(await cpOutOfBand(s, 'POST', ...addPath(kind, pre!))).toBe(201);
      // Row 4 repeats row 2; rows 5 and 6 add what was there before the job (no row of it added that).
      const rows = [first!, other!, first!, pre!, pre!];
      const done = await runJob(
        s,
        { connectionId: SANDBOX_COURSEPATH_ID, rows, ...add, columns: [...add.columns] },
        { canary: 0, concurrency: 1, allowDuplicates: true },
      );
      expect(done.counts).toMatchObject({ succeeded: 5, failed: 0, in_doubt: 0 });
      const items = await itemsOf(s, done.id);
      expect(items.map((i) => [i.rowNumber, i.responseStatus, i.note])).toEqual([
        [2, 201, null],
        [3, 201, null],
        [
          4,
          409,
          // Not "before this job": row 2 of this very job added it.
          `Already there: row 2 of this job added it; the LMS answered 409 "${add.already.replace(/^HTTP 409: /, '')}". ` +
            'This row did not add it: undoing the job takes it back once, with row 2.',
        ],
        [5, 409, thereBefore(add.already)],
        [6, 409, thereBefore(add.already)],
      ]);

      // The repeat is nothing to undo; row 2's undo removes the member, once.
      const plan = await callOk(s, 'jobs.undoPlan', { jobId: done.id });
      expect(plan.counts).toMatchObject({ rows: 5, undo: 2, unchanged: 3, cannot: 0 });
      expect(plan.unchanged).toEqual([
        expect.objectContaining({
          rowNumber: 4,
          reason:
            'already there: row 2 of this job added it (the LMS answered 409 to this row), and its undo takes it back',
        }),
        expect.objectContaining({ rowNumber: 5, reason: NOTHING_TO_UNDO }),
        expect.objectContaining({ rowNumber: 6, reason: NOTHING_TO_UNDO }),
      ]);
      const { job: undo } = await callOk(s, 'jobs.undo', {
        jobId: done.id,
        start: true,
        ...(plan.confirmation ? { confirm: plan.confirmation } : {}),
      });
      expect((await s.runner.whenSettled(undo!.id)).counts).toMatchObject({ total: 2, succeeded: 2 });
      for (const row of [first!, other!]) expect(await isThere(s, kind, row)).toBe(false);
      expect(await isThere(s, kind, pre!)).toBe(true);
    });
  }
});

describe('strictRepeats: repeats sent at once', () => {
  const temp = useTempServices();
  it('six adds each sent twice at the same time: one of each pair adds, the other names it; the undo removes each once', async () => {
    const s = await temp.open({ sandbox: { seed: 31, strictRepeats: true } });
    const pairs = (await freePairs(s, 6)).enrol;
    const rows = [...pairs, ...pairs]; // row i + 2 and row i + 8 add the same
    const add = ADDS.enrol;
    const done = await runJob(
      s,
      { connectionId: SANDBOX_COURSEPATH_ID, rows, ...add, columns: [...add.columns] },
      { canary: 0, concurrency: 12, allowDuplicates: true },
    );
    expect(done.counts).toMatchObject({ succeeded: 12, failed: 0, in_doubt: 0 });
    const items = await itemsOf(s, done.id);
    for (let i = 0; i < 6; i++) {
      const [a, b] = [items.find((x) => x.rowNumber === i + 2)!, items.find((x) => x.rowNumber === i + 8)!];
      const [adder, repeat] = a.responseStatus === 201 ? [a, b] : [b, a];
      expect([adder.responseStatus, repeat.responseStatus]).toEqual([201, 409]);
      expect(repeat.note).toMatch(new RegExp(`^Already there: row ${adder.rowNumber} of this job added it;`));
    }
    const plan = await callOk(s, 'jobs.undoPlan', { jobId: done.id });
    expect(plan.counts).toMatchObject({ rows: 12, undo: 6, unchanged: 6, cannot: 0 });
  });
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
