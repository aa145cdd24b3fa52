// Plans of "create member in course" and "create member in program" against the sandbox's seeded academy
// (seed 7): the run reads again the member the plan looked up by the row's email — and, for a course,
// whether that member is in it — and a row whose member or enrolment moved since the plan fails unsent,
// saying what changed and to plan again. Before, these runs wrote on the plan's verdict: a member created
// since was "created" again by its email, and a member enrolled since was enrolled again. Program
// membership has no read (Coursepath documents none): the plan says its run cannot check it.
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../src-shared/mapping/types';
import { callOk } from '../../helpers/callOk';
import { meanwhile, planOf, runPlan, type Sheet } from '../../helpers/planRuns';
import { sandboxState } from '../../helpers/sandboxState';
import { useTempServices } from '../../helpers/tempServices';

const col = (column: string) => ({ kind: 'column', column }) as const;
const IN_COURSE: Sheet = {
  columns: ['course', 'email'],
  mapping: { fields: { courseId: col('course'), email: col('email') } } satisfies Mapping,
};
const IN_PROGRAM: Sheet = {
  columns: ['program', 'email'],
  mapping: { fields: { programId: col('program'), email: col('email') } } satisfies Mapping,
};
const MEMBER: Sheet = { columns: ['email'], mapping: { fields: { email: col('email') } } };
const ENROL: Sheet = {
  columns: ['course', 'member'],
  mapping: { fields: { courseId: col('course'), memberId: col('member') } },
};

describe('plans of create member in a course or program: what moved in the LMS since the plan is not written', () => {
  const temp = useTempServices();

  for (const undo of [true, false])
    it(`in a course: a member created or enrolled since the plan fails unsent; the others are written (undo ${undo ? 'on' : 'off'})`, async () => {
      const s = await temp.open({ sandbox: { seed: 7 } });
      const state = await sandboxState(s.sandbox!.url);
      const course = state.coursepath.courses[0]!;
      const enrolled = new Set(
        state.coursepath.courseMembers.filter((e) => e.courseId === course.id).map((e) => e.memberId),
      );
      const [outA, outB] = state.coursepath.members.filter(
        (m) => m.role === 'learner' && !enrolled.has(m.id),
      );
      const c = String(course.id);
      const p = await planOf(s, 'coursepath.courses.createMember', IN_COURSE, [
        [c, 'new.one@example.com'],
        [c, 'new.two@example.com'],
        [c, outA!.email],
        [c, outB!.email],
      ]);
      expect(p.counts.create).toBe(4);

      // Before it runs, someone creates new.one and enrols outA.
      await meanwhile(s, 'coursepath.members.create', MEMBER, ['new.one@example.com']);
      await meanwhile(s, 'coursepath.courses.enrol', ENROL, [c, String(outA!.id)]);
      const one = (await sandboxState(s.sandbox!.url)).coursepath.members.find(
        (m) => m.email === 'new.one@example.com',
      )!;

      const r = await runPlan(s, p, { undo });
      expect(r.writes).toEqual([`POST /api/v1/courses/${c}/members`, `POST /api/v1/courses/${c}/members`]);
      expect(r.counts).toMatchObject({ succeeded: 2, failed: 2 });
      expect(r.errors).toEqual([
        [
          2,
          expect.stringMatching(
            new RegExp(
              `^Not sent: member ${one.id} \\(new.one@example.com\\) was created in the LMS since the plan was made at [^;]+; plan again\\.$`,
            ),
          ),
        ],
        [
          4,
          expect.stringMatching(
            new RegExp(
              `^Not sent: the enrolment of member ${outA!.id} in course ${c} was created in the LMS since the plan was made at [^;]+; plan again\\.$`,
            ),
          ),
        ],
      ]);
    });

  it('in a program: a member created since the plan fails unsent; the plan says program membership is not checked, then or before the run', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const state = await sandboxState(s.sandbox!.url);
    // The state's programs (not in the plain figures' type).
    const { programs } = (state as unknown as { coursepath: { programs: { id: number }[] } }).coursepath;
    const program = String(programs[0]!.id);
    const member = state.coursepath.members.find((m) => m.role === 'learner')!;
    const p = await planOf(s, 'coursepath.programs.createMember', IN_PROGRAM, [
      [program, 'new.one@example.com'],
      [program, 'new.two@example.com'],
      [program, member.email],
    ]);
    expect(p.counts.create).toBe(3);
    const rows = await callOk(s, 'plans.rows', { planId: p.id, offset: 0, limit: 10 });
    expect(rows.items[2]!.note).toMatch(/cannot be checked, by the plan or again before its run writes/);

    await meanwhile(s, 'coursepath.members.create', MEMBER, ['new.one@example.com']);
    const r = await runPlan(s, p);
    expect(r.writes).toEqual([
      `POST /api/v1/programs/${program}/members`,
      `POST /api/v1/programs/${program}/members`,
    ]);
    expect(r.errors).toEqual([
      [
        2,
        expect.stringMatching(
          /^Not sent: member \d+ \(new.one@example.com\) was created in the LMS since the plan/,
        ),
      ],
    ]);
  });
});
