// Reports over really synced data: sync both sandbox LMSs, then every report through dispatch, checked
// against figures computed from the sandbox's own state (GET /__sandbox/state), and exported as CSV.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { defaultProgressFrom } from '../../../src-shared/reports/progressOverTime';
import { median } from '../../../src-shared/reports/stats';
import { formatDateTime } from '../../../src-shared/util/dates';
import type { Cell } from '../../../src-shared/reports/types';
import { callOk } from '../../helpers/callOk';
import {
  expectedCompletion,
  expectedCompliant,
  expectedHoursByCohort,
  expectedScores,
  expectedStartedNotFinished,
  screensByType,
  type Plain,
} from '../../helpers/seedFigures';
import { tempDir } from '../../helpers/tempDir';
import { sandboxState } from '../../helpers/sandboxState';

describe('reports over a real sync of both sandbox LMSs', () => {
  let s: Services;
  let dir: ReturnType<typeof tempDir>;
  let p: Plain;
  beforeAll(async () => {
    dir = tempDir();
    // Coassemble's window scaled from a minute to a second, for the sandbox and the sync alike: these
    // tests read what the sync stored, not its pace.
    const scaled = { requests: 100, windowMs: 1000 };
    s = await createServices({
      dataDir: dir.path,
      sandbox: { seed: 21, coassembleLimit: scaled },
      sync: { rateLimit: scaled },
    });
    await callOk(s, 'sync.start', {});
    expect(await s.sync.whenDone(SANDBOX_COASSEMBLE_ID)).toBe('completed');
    expect(await s.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBe('completed');
    p = await sandboxState(s.sandbox!.url);
  });
  afterAll(async () => {
    await s.close();
    dir.remove();
  });
  const byTitle = (rows: Record<string, Cell>[], key = 'title') => new Map(rows.map((r) => [r[key] as string, r]));

  it('completion rate per course, with the source of each row', async () => {
    const v = await callOk(s, 'reports.run', { name: 'completionRate' });
    const rows = byTitle(v.tables[0]!.rows);
    const want = expectedCompletion(p);
    expect(rows.size).toBe(want.size);
    for (const [title, w] of want) expect(rows.get(title)).toMatchObject({ enrolled: w.enrolled, completed: w.completed, rate: w.rate });
    expect(new Set(v.tables[0]!.rows.map((r) => r.source))).toEqual(new Set(['Sandbox · Coassemble', 'Sandbox · Coursepath']));
    // Screen types (retired: the API answers 404) matter to "Content formats" only, said there once.
    expect(v.notes.join(' ')).not.toMatch(/screen types|404/i);
    const formats = await callOk(s, 'reports.run', { name: 'contentFormats' });
    expect(formats.notes).toEqual([
      'Sandbox · Coassemble: the screen types list is not offered to this key (the API answers 404), so each screen is counted under its own type.',
    ]);
    expect(v.chart?.kind).toBe('bar');
  });

  it('started and not finished', async () => {
    const v = await callOk(s, 'reports.run', { name: 'startedNotFinished' });
    expect(v.tables[0]!.rows).toHaveLength(expectedStartedNotFinished(p));
  });

  it('scores per course and their distribution', async () => {
    const v = await callOk(s, 'reports.run', { name: 'scores' });
    const rows = byTitle(v.tables[0]!.rows);
    for (const [title, w] of expectedScores(p)) {
      if (w.count === 0) continue;
      expect(rows.get(title)!.count).toBe(w.count);
      expect(rows.get(title)!.average).toBeCloseTo(w.average!, 1);
      expect(w.bins.map((_, i) => rows.get(title)![`bin${i}`])).toEqual(w.bins);
    }
    expect(v.chart?.kind).toBe('histogram');
  });

  it('time to completion per cohort', async () => {
    const v = await callOk(s, 'reports.run', { name: 'timeToCompletion', by: 'cohort' });
    const rows = byTitle(v.tables[0]!.rows, 'group');
    const want = expectedHoursByCohort(p);
    expect(rows.size).toBe(want.size);
    for (const [month, hours] of want) {
      expect(rows.get(month)!.completions).toBe(hours.length);
      expect(rows.get(month)!.medianHours).toBeCloseTo(median(hours)!, 1);
    }
  });

  it('compliance over a Coassemble course and a Coursepath course, people matched by email', async () => {
    const courses = await callOk(s, 'reports.courses', {});
    const ca = courses.find((c) => c.api === 'coassemble' && c.status === 'published')!;
    const cp = courses.find((c) => c.api === 'coursepath')!;
    const v = await callOk(s, 'reports.run', { name: 'compliance', courseKeys: [ca.key, cp.key], by: 'department' });
    const want = expectedCompliant(p, ca.title, cp.title);
    expect(v.tables[0]!.rows).toHaveLength(want.everyone.size);
    const compliant = v.tables[0]!.rows.filter((r) => r.compliant === 'yes').map((r) => (r.email as string).toLowerCase());
    expect(new Set(compliant)).toEqual(want.compliant);
    expect(v.tables[1]!.rows.reduce((n, r) => n + (r.learners as number), 0)).toBe(want.everyone.size);
  });

  it('compliance with no course chosen: a prompt, and an export refused naming the field', async () => {
    const req = { name: 'compliance' as const, courseKeys: [], by: 'department' as const };
    const v = await callOk(s, 'reports.run', req);
    expect(v).toMatchObject({ tables: [], chart: null, prompt: expect.stringMatching(/^Choose the courses everyone must complete/) });
    const r = await s.dispatch('reports.export', { report: req });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Choose at least one course everyone must complete: with none, training compliance has no table to export.', details: { field: 'courseKeys' } },
    });
  });

  it('content formats across the catalog', async () => {
    const v = await callOk(s, 'reports.run', { name: 'contentFormats' });
    const rows = byTitle(v.tables[0]!.rows, 'typeTitle');
    for (const [title, w] of screensByType(p)) {
      expect(rows.get(title)!.screens).toBe(w.screens);
      expect(rows.get(title)!.courses).toBe(w.courses.size);
    }
  });

  it('progress between two dates after one sync: the chart says two are needed, and to sync again', async () => {
    const [cp] = await callOk(s, 'sync.runs', {}).then((runs) => runs.filter((r) => r.connectionId === SANDBOX_COURSEPATH_ID));
    const one = await callOk(s, 'reports.run', { name: 'progressOverTime', from: 0, to: Date.now(), connectionIds: [SANDBOX_COURSEPATH_ID] });
    expect(one.chart).toMatchObject({
      bars: [],
      empty: `One sync so far (taken ${formatDateTime(cp!.finishedAt)}): progress between two dates needs two. Sync again later to compare.`,
    });
    const both = await callOk(s, 'reports.run', { name: 'progressOverTime', from: 0, to: Date.now() });
    expect(both.chart).toMatchObject({ bars: [], empty: expect.stringMatching(/^One sync of each connection so far \(the latest taken .+\): progress between two dates needs two\. Sync again later to compare\.$/) });
  });

  it('progress between two dates compares the snapshots of two syncs', async () => {
    const firstDone = Date.now();
    // Enrol one more learner between the two syncs.
    const course = p.coursepath.courses[0]!;
    const learner = p.coursepath.members.find((m) => m.role === 'learner' && !p.coursepath.courseMembers.some((r) => r.courseId === course.id && r.memberId === m.id))!;
    const datasetId = (await import('../../helpers/seedDataset')).seedDataset(s.db, ['course', 'member'], [[String(course.id), String(learner.id)]]);
    const job = await callOk(s, 'jobs.create', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.courses.enrol',
      mapping: { fields: { courseId: { kind: 'column', column: 'course' }, memberId: { kind: 'column', column: 'member' } } },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(1);
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    expect(await s.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBe('completed');
    const v = await callOk(s, 'reports.run', { name: 'progressOverTime', from: firstDone, to: Date.now(), connectionIds: [SANDBOX_COURSEPATH_ID] });
    const row = v.tables[0]!.rows.find((r) => r.title === course.name)!;
    expect((row.enrolledTo as number) - (row.enrolledFrom as number)).toBe(1);
    const others = v.tables[0]!.rows.filter((r) => r.title !== course.name);
    expect(others.every((r) => r.enrolledTo === r.enrolledFrom && r.completedTo === r.completedFrom)).toBe(true);
  });

  it('exports a report table as CSV with a BOM, one line per row', async () => {
    const out = await callOk(s, 'reports.export', { report: { name: 'completionRate' } });
    const text = readFileSync(out.path, 'utf8');
    expect(text.startsWith('\uFEFFSource,Course,Course ID,Enrolled,Started,Completed,Completion rate\r\n')).toBe(true);
    expect(text.trimEnd().split('\r\n')).toHaveLength(out.rows + 1);
    expect(out.rows).toBe(expectedCompletion(p).size);
  });
});

// Issue 16: after a first sync of two connections, one after the other, "Progress between two dates" from
// the oldest sync counted every Coassemble completion as new: Coassemble had no snapshot yet at that date
// and was compared with nothing (zero).
describe('progress between two dates after a first sync of two connections', () => {
  let s: Services;
  let dir: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    dir = tempDir();
    // Coassemble's window scaled to a second, as above: what the snapshots hold is tested, not the pace.
    const scaled = { requests: 100, windowMs: 1000 };
    s = await createServices({
      dataDir: dir.path,
      sandbox: { seed: 22, coassembleLimit: scaled },
      sync: { rateLimit: scaled },
    });
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    expect(await s.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBe('completed');
    await new Promise((r) => setTimeout(r, 20)); // the second connection's sync finishes strictly later
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COASSEMBLE_ID] });
    expect(await s.sync.whenDone(SANDBOX_COASSEMBLE_ID)).toBe('completed');
  });
  afterAll(async () => {
    await s.close();
    dir.remove();
  });

  it('does not count a connection synced after the first date as all new; the default first date has both', async () => {
    const runs = await callOk(s, 'sync.runs', {});
    expect(runs).toHaveLength(2);
    const oldest = runs.at(-1)!; // what the screen's "from" used to default to
    expect(oldest.connectionId).toBe(SANDBOX_COURSEPATH_ID);
    const v = await callOk(s, 'reports.run', { name: 'progressOverTime', from: oldest.finishedAt, to: Date.now() });
    const rows = v.tables[0]!.rows;
    const coassemble = rows.filter((r) => r.source === 'Sandbox · Coassemble');
    expect(coassemble.length).toBeGreaterThan(0);
    expect(coassemble.some((r) => (r.completedTo as number) > 0)).toBe(true);
    // Nothing to compare with: empty, not "every completion is new".
    expect(coassemble.every((r) => r.newCompletions === null && r.completedFrom === null)).toBe(true);
    expect(v.notes.join(' ')).toMatch(/Sandbox · Coassemble had not been synced yet on the first date/);
    expect(v.chart?.kind === 'bar' && v.chart.bars.some((b) => b.group === 'Sandbox · Coassemble')).toBe(false);
    // Coursepath had its snapshot: nothing changed between the two syncs.
    const coursepath = rows.filter((r) => r.source === 'Sandbox · Coursepath');
    expect(coursepath.every((r) => r.newCompletions === 0)).toBe(true);

    // The default first date is when both had been synced: every row compares, and nothing is new.
    const from = defaultProgressFrom(runs)!;
    expect(from).toBe(runs.find((r) => r.connectionId === SANDBOX_COASSEMBLE_ID)!.finishedAt);
    const both = await callOk(s, 'reports.run', { name: 'progressOverTime', from, to: Date.now() });
    expect(both.tables[0]!.rows.every((r) => r.newCompletions === 0)).toBe(true);
  });
});
