// Plans of the other templates against the sandbox's seeded academy (seed 7): enrolments, groups,
// Coassemble users; the synced catalog as the source (no call to the LMS, the same verdicts, its age
// checked); a row edited after its plan is not sent on the old verdict; templates without a plan are
// refused. The ledger is the witness of what was read and sent.
import { describe, expect, it } from 'vitest';
import type { PlanDto, PlanRowDto } from '../../../src-shared/contract/api';
import type { Mapping } from '../../../src-shared/mapping/types';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const columns = (m: Record<string, string>): Mapping => ({
  fields: Object.fromEntries(Object.entries(m).map(([field, column]) => [field, { kind: 'column', column }])),
});

async function plan(
  s: Services,
  datasetId: string,
  connectionId: string,
  templateId: string,
  mapping: Mapping,
  extra: { source?: 'live' | 'sync'; maxAgeMs?: number } = {},
): Promise<{ plan: PlanDto; rows: PlanRowDto[] }> {
  const started = await callOk(s, 'plans.create', { datasetId, connectionId, templateId, mapping, ...extra });
  const done = await s.plans.whenDone(started.id);
  if (done.state !== 'ready') throw new Error(`plan ${done.state}: ${done.error}`);
  const rows = await callOk(s, 'plans.rows', { planId: done.id, offset: 0, limit: 1000 });
  return { plan: done, rows: rows.items };
}

const lastSeq = (s: Services) => s.sandbox!.ledger.entries().at(-1)?.seq ?? 0;

describe('plans of enrolments, groups and Coassemble users', () => {
  const temp = useTempServices();

  it('enrol: unchanged, create, missing course, missing member; its run sends only the one enrolment', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const state = await sandboxState(s.sandbox!.url);
    const learners = state.coursepath.members.filter((m) => m.role === 'learner');
    const course = state.coursepath.courses[0]!;
    const enrolled = new Set(
      state.coursepath.courseMembers.filter((e) => e.courseId === course.id).map((e) => e.memberId),
    );
    const inIt = learners.find((m) => enrolled.has(m.id))!;
    const outside = learners.find((m) => !enrolled.has(m.id))!;
    const datasetId = seedDataset(
      s.db,
      ['course', 'member'],
      [
        [String(course.id), String(inIt.id)],
        [String(course.id), String(outside.id)],
        ['999999', String(inIt.id)],
        [String(course.id), '1'],
      ],
    );
    const mapping = columns({ courseId: 'course', memberId: 'member' });
    const before = lastSeq(s);
    const { plan: p, rows } = await plan(
      s,
      datasetId,
      SANDBOX_COURSEPATH_ID,
      'coursepath.courses.enrol',
      mapping,
    );
    expect(rows.map((r) => r.class)).toEqual(['unchanged', 'create', 'missing', 'missing']);
    expect(rows[1]!.diff).toEqual([
      { field: `course ${course.id} (${course.name})`, old: 'not enrolled', new: 'learner' },
    ]);
    expect(rows[1]!.call).toBe(`POST /api/v1/courses/${course.id}/members/${outside.id}/coursemember`);
    expect(rows[2]!.note).toBe('No course with id 999999 in the academy.');
    expect(rows[3]!.note).toBe('No member with id 1 in the academy.');
    expect(s.sandbox!.ledger.since(before).every((e) => e.method === 'GET')).toBe(true);
    expect(p.calls).toBe(s.sandbox!.ledger.since(before).length);

    const job = await callOk(s, 'plans.run', { planId: p.id });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const runFrom = lastSeq(s);
    expect((await s.runner.whenSettled(job.id)).counts).toMatchObject({ succeeded: 1, skipped: 3 });
    expect(
      s
        .sandbox!.ledger.since(runFrom - 1)
        .filter((e) => e.method === 'POST')
        .map((e) => e.path),
    ).toEqual([`/api/v1/courses/${course.id}/members/${outside.id}/coursemember`]);
    const skipped = await callOk(s, 'jobs.items', { jobId: job.id, status: 'skipped', offset: 0, limit: 10 });
    expect(skipped.items.map((i) => i.note)).toEqual([
      expect.stringMatching(
        /^Not sent: the plan of \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d found it unchanged — Member \d+ is already in course/,
      ),
      expect.stringMatching(/found it missing — No course with id 999999/),
      expect.stringMatching(/found it missing — No member with id 1 /),
    ]);
  });

  it('enrol and unenrol: an enrolment made or removed in the LMS since the plan is not written; the others are', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const state = await sandboxState(s.sandbox!.url);
    const learners = state.coursepath.members.filter((m) => m.role === 'learner');
    const course = state.coursepath.courses[0]!;
    const enrolled = new Set(
      state.coursepath.courseMembers.filter((e) => e.courseId === course.id).map((e) => e.memberId),
    );
    const [outA, outB] = learners.filter((m) => !enrolled.has(m.id));
    const [inA, inB] = learners.filter((m) => enrolled.has(m.id));
    const mapping = columns({ courseId: 'course', memberId: 'member' });
    const rowsOf = (...ids: number[]) => ids.map((id) => [String(course.id), String(id)]);
    const enrol = await plan(s, seedDataset(s.db, ['course', 'member'], rowsOf(outA!.id, outB!.id)), SANDBOX_COURSEPATH_ID, 'coursepath.courses.enrol', mapping);
    const unenrol = await plan(s, seedDataset(s.db, ['course', 'member'], rowsOf(inA!.id, inB!.id)), SANDBOX_COURSEPATH_ID, 'coursepath.courses.unenrol', mapping);
    expect(enrol.rows.map((r) => r.class)).toEqual(['create', 'create']);
    expect(unenrol.rows.map((r) => r.class)).toEqual(['update', 'update']);

    // Before the plans run, someone enrols outA and removes inA (a job of its own, no plan).
    for (const [templateId, id, confirm] of [
      ['coursepath.courses.enrol', outA!.id, undefined],
      ['coursepath.courses.unenrol', inA!.id, 'REMOVE 1 course enrolment on Sandbox · Coursepath'],
    ] as const) {
      const job = await callOk(s, 'jobs.create', {
        datasetId: seedDataset(s.db, ['course', 'member'], rowsOf(id)),
        connectionId: SANDBOX_COURSEPATH_ID,
        templateId,
        mapping,
        options: { undo: false, canary: 0 },
      });
      await callOk(s, 'jobs.start', { jobId: job.id, ...(confirm ? { confirm } : {}) });
      expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(1);
    }

    for (const [p, moved, kept, what] of [
      [enrol.plan, outA!, outB!, 'was created in the LMS'],
      [unenrol.plan, inA!, inB!, 'is no longer found in the LMS'],
    ] as const) {
      const job = await callOk(s, 'plans.run', { planId: p.id, options: { canary: 0 } });
      const before = lastSeq(s);
      await callOk(s, 'jobs.start', { jobId: job.id, ...(p.confirmation ? { confirm: p.confirmation } : {}) });
      expect((await s.runner.whenSettled(job.id)).counts).toMatchObject({ succeeded: 1, failed: 1 });
      const writes = s.sandbox!.ledger.since(before).filter((e) => e.method !== 'GET');
      expect(writes.map((e) => e.path)).toEqual([`/api/v1/courses/${course.id}/members/${kept.id}/coursemember`]);
      const failed = await callOk(s, 'jobs.items', { jobId: job.id, status: 'failed', offset: 0, limit: 10 });
      expect(failed.items.map((i) => i.error)).toEqual([
        expect.stringMatching(
          new RegExp(`^Not sent: the enrolment of member ${moved.id} in course ${course.id} ${what} since the plan was made at [^;]+; plan again\\.$`),
        ),
      ]);
    }
  });

  it('update by id with a new email: the members list is read once for the ids and the emails', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const state = await sandboxState(s.sandbox!.url);
    const [a, b, c] = state.coursepath.members.filter((m) => m.role === 'learner');
    const datasetId = seedDataset(
      s.db,
      ['member', 'email'],
      [
        [String(a!.id), 'a.new.address@example.com'],
        [String(b!.id), c!.email],
        [String(c!.id), c!.email],
      ],
    );
    const before = lastSeq(s);
    const { plan: p, rows } = await plan(
      s,
      datasetId,
      SANDBOX_COURSEPATH_ID,
      'coursepath.members.update',
      columns({ memberId: 'member', email: 'email' }),
    );
    expect(rows.map((r) => r.class)).toEqual(['update', 'conflict', 'unchanged']);
    expect(rows[1]!.note).toBe(`The email ${c!.email} belongs to another member (id ${c!.id}).`);
    // One page answers both the member ids and who holds each new email: it is read once.
    expect(s.sandbox!.ledger.since(before).map((e) => `${e.method} ${e.path}?${e.query ?? ''}`)).toEqual([
      'GET /api/v1/members?offset=0&limit=500',
    ]);
    expect(p.calls).toBe(1);
  });

  it('groups: in the group (unchanged), not yet (create), a group name the academy does not have (missing)', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const state = await sandboxState(s.sandbox!.url);
    const group = state.coursepath.groups.find((g) => g.memberIds.length > 0)!;
    const member = state.coursepath.members.find((m) => group.memberIds.includes(m.id))!;
    const other = state.coursepath.members.find(
      (m) => m.role === 'learner' && !group.memberIds.includes(m.id),
    )!;
    const datasetId = seedDataset(
      s.db,
      ['member', 'group'],
      [
        [String(member.id), group.name.toUpperCase()],
        [String(other.id), group.name],
        [String(other.id), 'Salse EMEA'],
      ],
    );
    const { rows } = await plan(
      s,
      datasetId,
      SANDBOX_COURSEPATH_ID,
      'coursepath.groups.add',
      columns({ memberId: 'member', name: 'group' }),
    );
    expect(rows.map((r) => r.class)).toEqual(['unchanged', 'create', 'missing']);
    expect(rows[2]!.note).toMatch(/No group named "Salse EMEA".*a typo would make a new group/);
  });

  it('Coassemble users: metadata replaced whole shows the keys it removes; a new identifier is a create', async () => {
    const s = await temp.open({ sandbox: { seed: 7, coassembleLimit: null } });
    const state = await sandboxState(s.sandbox!.url);
    const user = state.coassemble.users.find((u) => typeof u.metadata.department === 'string')!;
    const datasetId = seedDataset(
      s.db,
      ['id', 'team', 'name'],
      [
        [user.identifier, 'red', user.name ?? ''],
        ['brand-new-user', 'blue', 'New User'],
      ],
    );
    const mapping: Mapping = {
      fields: {
        identifier: { kind: 'column', column: 'id' },
        name: { kind: 'column', column: 'name' },
        metadata: { kind: 'keyValue', entries: [{ key: 'team', column: 'team' }] },
      },
    };
    const { rows } = await plan(s, datasetId, SANDBOX_COASSEMBLE_ID, 'coassemble.users.upsert', mapping);
    expect(rows.map((r) => r.class)).toEqual(['update', 'create']);
    // The file sets `team`; the department the user has is not in it, so the PUT removes it.
    expect(rows[0]!.diff).toEqual([
      { field: 'metadata.team', old: null, new: 'red' },
      { field: 'metadata.department', old: String(user.metadata.department), new: null },
    ]);
    expect(rows[1]!.diff).toEqual([
      { field: 'name', old: null, new: 'New User' },
      { field: 'metadata.team', old: null, new: 'blue' },
    ]);
    expect(rows[0]!.note).toMatch(/replaced whole/);
  });

  it('Coassemble users: a user changed in the LMS since the plan is not written; the others keep their state byte for byte', async () => {
    const s = await temp.open({ sandbox: { seed: 7, coassembleLimit: null } });
    const state = await sandboxState(s.sandbox!.url);
    const [a, b] = state.coassemble.users.filter((u) => typeof u.metadata.department === 'string');
    const mapping: Mapping = {
      fields: {
        identifier: { kind: 'column', column: 'id' },
        metadata: { kind: 'keyValue', entries: [{ key: 'team', column: 'team' }] },
      },
    };
    const datasetId = seedDataset(s.db, ['id', 'team'], [
      [a!.identifier, 'red'],
      [b!.identifier, 'blue'],
    ]);
    const { plan: p, rows } = await plan(s, datasetId, SANDBOX_COASSEMBLE_ID, 'coassemble.users.upsert', mapping);
    expect(rows.map((r) => r.class)).toEqual(['update', 'update']);

    // Before it runs, someone gives user a a badge (metadata replaced whole, so the plan's PUT would drop it).
    const edit = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['id', 'department', 'badge'], [[a!.identifier, String(a!.metadata.department), 'gold']]),
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.users.upsert',
      mapping: {
        fields: {
          identifier: { kind: 'column', column: 'id' },
          metadata: {
            kind: 'keyValue',
            entries: [
              { key: 'department', column: 'department' },
              { key: 'badge', column: 'badge' },
            ],
          },
        },
      },
      options: { undo: false, canary: 0 },
    });
    await callOk(s, 'jobs.start', { jobId: edit.id, confirm: 'OVERWRITE 1 user on Sandbox · Coassemble' });
    expect((await s.runner.whenSettled(edit.id)).counts.succeeded).toBe(1);

    const job = await callOk(s, 'plans.run', { planId: p.id, options: { canary: 0 } });
    const before = lastSeq(s);
    await callOk(s, 'jobs.start', { jobId: job.id, confirm: p.confirmation! });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: 1, failed: 1 });
    const writes = s.sandbox!.ledger.since(before).filter((e) => e.method !== 'GET');
    expect(writes.map((e) => `${e.method} ${e.path}`)).toEqual([`PUT /api/v1/headless/user/${b!.identifier}`]);
    const failed = await callOk(s, 'jobs.items', { jobId: job.id, status: 'failed', offset: 0, limit: 10 });
    expect(failed.items.map((i) => [i.rowNumber, i.error])).toEqual([
      [2, expect.stringMatching(new RegExp(`^Not sent: user ${a!.identifier} changed in the LMS since the plan was made at .*\\(metadata: .*"badge":"gold".*\\); plan again\\.$`))],
    ]);
    const after = await sandboxState(s.sandbox!.url);
    expect(after.coassemble.users.find((u) => u.identifier === a!.identifier)!.metadata).toEqual({
      department: a!.metadata.department,
      badge: 'gold',
    });
    // User b's state before is the user as the LMS wrote it (its own read), so its undo is byte for byte.
    const items = await callOk(s, 'jobs.items', { jobId: job.id, status: 'succeeded', offset: 0, limit: 10 });
    const attempts = await callOk(s, 'jobs.attempts', { jobId: job.id, itemId: items.items[0]!.id });
    expect(attempts.map((x) => [x.kind, x.url?.replace(/^https?:\/\/[^/]+/, '')])).toEqual([
      ['prior', `/api/v1/headless/user/${b!.identifier}`],
      ['send', `/api/v1/headless/user/${b!.identifier}`],
    ]);
    const undo = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(undo.counts).toMatchObject({ undo: 1 });
  });
});

describe('plans from the synced catalog, edits after a plan, refusals', () => {
  const temp = useTempServices();
  const MEMBERS = columns({ email: 'email', name: 'name' });

  it('the synced catalog gives the same verdicts without a call to the LMS; too old or never synced is refused', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const state = await sandboxState(s.sandbox!.url);
    const [a, b] = state.coursepath.members.filter((m) => m.role === 'learner');
    const datasetId = seedDataset(
      s.db,
      ['email', 'name'],
      [
        [a!.email, a!.name],
        [b!.email, `${b!.name} Jr`],
        ['nobody.yet@example.com', 'Nobody Yet'],
      ],
    );
    const refused = await s.dispatch('plans.create', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: MEMBERS,
      source: 'sync',
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/has no synced catalog yet/);

    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    expect(await s.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBe('completed');
    const live = await plan(s, datasetId, SANDBOX_COURSEPATH_ID, 'coursepath.members.create', MEMBERS);
    const before = lastSeq(s);
    const synced = await plan(s, datasetId, SANDBOX_COURSEPATH_ID, 'coursepath.members.create', MEMBERS, {
      source: 'sync',
    });
    expect(s.sandbox!.ledger.since(before)).toHaveLength(0);
    expect(synced.plan.calls).toBe(0);
    expect(synced.plan.source.kind).toBe('sync');
    expect(synced.rows.map((r) => [r.class, r.diff])).toEqual(live.rows.map((r) => [r.class, r.diff]));
    expect(synced.rows.map((r) => r.class)).toEqual(['unchanged', 'update', 'create']);

    // First and last names are not kept by the synced catalog: not known, so different — and said so.
    const NAMES = columns({ email: 'email', firstname: 'name' });
    const unkept = await plan(s, datasetId, SANDBOX_COURSEPATH_ID, 'coursepath.members.create', NAMES, { source: 'sync' });
    expect(unkept.rows[0]!.class).toBe('update');
    expect(unkept.rows[0]!.diff).toEqual([{ field: 'firstname', old: null, new: a!.name, unknown: true }]);

    await new Promise((r) => setTimeout(r, 5));
    const old = await s.dispatch('plans.create', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: MEMBERS,
      source: 'sync',
      maxAgeMs: 1,
    });
    expect(old.ok).toBe(false);
    if (!old.ok)
      expect(old.error.message).toMatch(
        /synced catalog of "Sandbox · Coursepath" is \d+ milliseconds old, older than the 1 millisecond allowed/,
      );
    // 61 seconds old with a minute allowed (the CLI's --max-age 1m): said in seconds, visibly older.
    s.db
      .prepare(`UPDATE sync_runs SET finished_at = ? WHERE connection_id = ?`)
      .run(Date.now() - 61_000, SANDBOX_COURSEPATH_ID);
    const minute = await s.dispatch('plans.create', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: MEMBERS,
      source: 'sync',
      maxAgeMs: 60_000,
    });
    expect(minute.ok).toBe(false);
    if (!minute.ok)
      expect(minute.error.message).toMatch(
        /is 61 seconds old, older than the 60 seconds allowed: sync it again, allow an older one, or plan from the LMS itself\.$/,
      );
  });

  it('duplicates and invalid rows are said; a row edited after the plan is not sent on the old verdict', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const datasetId = seedDataset(
      s.db,
      ['email', 'name'],
      [
        ['one@example.com', 'One'],
        ['ONE@example.com', 'One Again'],
        ['not-an-email', 'Bad'],
        ['two@example.com', 'Two'],
      ],
    );
    const { plan: p, rows } = await plan(
      s,
      datasetId,
      SANDBOX_COURSEPATH_ID,
      'coursepath.members.create',
      MEMBERS,
    );
    expect(rows.map((r) => r.class)).toEqual(['create', 'duplicate', 'invalid', 'create']);
    expect(rows[1]!.note).toBe(
      'Row 2 has the same email=one@example.com; only the first is planned and sent.',
    );
    expect(rows[2]!.note).toMatch(/^Row 4: Email: "not-an-email" is not an email address/);
    await callOk(s, 'datasets.updateCell', { datasetId, rowNumber: 5, column: 'name', value: 'Two Edited' });
    // Nothing to update: every row it sends is a plain create, sent as "create member", with no phrase.
    expect(p.runTemplateId).toBe('coursepath.members.create');
    expect(p.confirmation).toBeNull();
    const job = await callOk(s, 'plans.run', { planId: p.id });
    expect(job.templateId).toBe('coursepath.members.create');
    expect(job.counts).toMatchObject({ pending: 1, skipped: 3 });
    const items = await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 10 });
    expect(items.items.find((i) => i.rowNumber === 5)!.error).toMatch(
      /^Row 5 changed since the plan of .* was made: plan again to send it\.$/,
    );
    expect(items.items.find((i) => i.rowNumber === 2)!.note).toBe(
      'Plan: create — email: (none) → one@example.com; name: (none) → One',
    );
  });

  it('refuses a template without a plan, and a create-or-update job made without one', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const datasetId = seedDataset(s.db, ['course'], [['1']]);
    const r = await s.dispatch('plans.create', {
      datasetId,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.courses.publish',
      mapping: columns({ courseId: 'course' }),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/"Coassemble: publish course" has no plan/);
    const members = seedDataset(s.db, ['email'], [['x@example.com']]);
    const j = await s.dispatch('jobs.create', {
      datasetId: members,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.upsert',
      mapping: columns({ email: 'email' }),
    });
    expect(j.ok).toBe(false);
    if (!j.ok) expect(j.error.message).toMatch(/make a plan .* and run the plan/);
  });
});
