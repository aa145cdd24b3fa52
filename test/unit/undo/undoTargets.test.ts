// What an undo's rows act on, in the words its confirmation uses: the course (group, member…) by name and
// id, a few of several and "N more", and which cell of an undo row names it.
import { describe, expect, it } from 'vitest';
import { undoSends, undoWhere } from '../../../src-shared/undo/undoSentence';
import {
  UndoTargetTally,
  undoTargetField,
  undoTargetWords,
  type UndoTargetsDto,
} from '../../../src-shared/undo/undoTargets';
import { INVERSES } from '../../../src-shared/undo/inverses';

describe('undoTargetField', () => {
  it('names the course, program or group a row acts in before the member it acts for', () => {
    expect(undoTargetField('coursepath.courses.unenrol', ['courseId', 'memberId'])).toEqual({
      index: 0,
      kind: 'course',
    });
    expect(undoTargetField('coursepath.groups.remove', ['memberId', 'groupId'])).toEqual({
      index: 1,
      kind: 'group',
    });
    expect(undoTargetField('coursepath.members.update', ['memberId', 'email'])).toEqual({
      index: 0,
      kind: 'member',
    });
    expect(undoTargetField('coassemble.clients.upsert', ['identifier', 'metadata'])?.kind).toBe('client');
    expect(undoTargetField('coassemble.users.upsert', ['identifier', 'name'])?.kind).toBe('user');
  });

  it('finds a target for every compensating template', () => {
    for (const spec of Object.values(INVERSES))
      expect(undoTargetField(spec.inverse, spec.columns), spec.inverse).not.toBeNull();
  });
});

describe('UndoTargetTally and undoTargetWords', () => {
  const tally = (ids: string[]) => {
    const t = new UndoTargetTally({ index: 0, kind: 'course' });
    for (const id of ids) t.add([id, 'm']);
    return t;
  };

  it('one course: its name and id', () => {
    const t = tally(['17', '17', '17']).result(new Map([['17', 'Safety 101']]))!;
    expect(t).toMatchObject({ kind: 'course', count: 1, named: [{ id: '17', name: 'Safety 101', rows: 3 }] });
    expect(undoTargetWords(t)).toBe('course “Safety 101” (id 17)');
  });

  it('a course the catalogue does not know (never synced) is named by its id', () => {
    expect(undoTargetWords(tally(['17']).result(new Map())!)).toBe('course 17');
  });

  it('several: the ones with most rows first, up to three, then "and N more"', () => {
    const t = tally(['1', '2', '2', '3', '4', '4', '4', '5']).result(
      new Map([
        ['4', 'Fire'],
        ['2', 'Ladders'],
      ]),
    )!;
    expect(t.count).toBe(5);
    expect(undoTargetWords(t)).toBe('5 courses: “Fire” (id 4), “Ladders” (id 2), id 1 and 2 more');
    expect(undoTargetWords(tally(['1', '2']).result(new Map())!)).toBe('2 courses: id 1 and id 2');
  });

  it("a recipe step's listed values (;-joined) count each", () => {
    const t = new UndoTargetTally({ index: 0, kind: 'course' });
    t.add(['5;6']);
    expect(t.result(new Map())!.count).toBe(2);
  });

  it('a Coursepath group is named by its name, looked up nowhere', () => {
    const t = new UndoTargetTally({ index: 1, kind: 'group', byName: true });
    t.add(['1048761', 'Sales']);
    expect(t.kind).toBeNull();
    expect(undoTargetWords(t.result(new Map())!)).toBe('group “Sales”');
  });

  it('no undo row: no targets', () => {
    expect(tally([]).result(new Map())).toBeNull();
    expect(new UndoTargetTally(null).result(new Map())).toBeNull();
  });
});

describe('undoSends and undoWhere: what and where', () => {
  const targets: UndoTargetsDto = {
    kind: 'course',
    count: 1,
    countCapped: false,
    named: [{ id: '17', name: 'Safety 101', rows: 42 }],
  };
  const counts = { rows: 42, undo: 42, unchanged: 0, notSent: 0, cannot: 0, warnings: 0 };

  it('a job of one template names its course', () => {
    const plan = {
      template: {
        id: 'coursepath.courses.unenrol',
        name: 'Coursepath: remove from course',
        destructive: true,
      },
      steps: null,
      counts,
      targets,
    };
    expect(undoSends(plan)).toBe(
      '"Coursepath: remove from course" for 42 rows on course “Safety 101” (id 17)',
    );
  });

  it("a recipe job names each step's targets", () => {
    const step = (name: string, t: UndoTargetsDto | null) => ({
      step: 0,
      name,
      template: { id: 'x', name: 'x' },
      inverse: { id: 'y', name, destructive: true },
      irreversible: null,
      note: null,
      counts: { ...counts, undo: 1 },
      targets: t,
    });
    const group: UndoTargetsDto = {
      kind: 'group',
      count: 1,
      countCapped: false,
      named: [{ id: 'Sales', name: 'Sales', rows: 1 }],
    };
    const plan = {
      template: null,
      steps: [step('Remove from group', group), step('Remove from course', targets)],
      counts: { ...counts, undo: 2 },
      targets: null,
    };
    expect(undoSends(plan)).toBe(
      '"Remove from group" on group “Sales” and "Remove from course" on course “Safety 101” (id 17), for 2 items',
    );
  });

  it('where: the connection and its address', () => {
    expect(
      undoWhere({
        connection: { id: 'c', name: 'Academy', baseUrl: 'https://academy.example', isSandbox: false },
      }),
    ).toBe('"Academy" (https://academy.example)');
  });
});
