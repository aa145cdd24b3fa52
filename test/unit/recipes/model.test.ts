// The recipe model, pure: rows expand into items (conditions, fan-out), a step's request reads the row's
// cells, the listed value and earlier steps' captures, recipes are checked with messages naming the step
// and field, and destructive steps make a phrase that names each one's count and the connection.
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import {
  BUILT_IN_RECIPES,
  OFFBOARD_LEARNERS,
  ONBOARD_LEARNERS,
  PROVISION_LEARNERS,
} from '../../../src-shared/recipes/builtins';
import { conditionHolds, expandRow, splitValues } from '../../../src-shared/recipes/expandRow';
import { recipeConfirmationPhrase } from '../../../src-shared/recipes/recipeConfirm';
import { buildStepRequest, showPlaceholders, usesCaptures } from '../../../src-shared/recipes/stepRequest';
import type { Recipe } from '../../../src-shared/recipes/types';
import { validateRecipe, withoutSteps } from '../../../src-shared/recipes/validateRecipe';
import type { LookupTable, Mapping } from '../../../src-shared/mapping/types';

const row = (cells: Record<string, string>) => cells;
const ONBOARD_COLUMNS = ['Email', 'First name', 'Last name', 'Courses', 'Groups'];

describe('expanding a row', () => {
  it('splits a listed cell into trimmed values, drops empty ones and repeats (case and spacing ignored)', () => {
    expect(splitValues(' Fire Safety;Code of Conduct ;; fire  safety ;', ';')).toEqual([
      'Fire Safety',
      'Code of Conduct',
    ]);
    expect(splitValues('   ', ';')).toEqual([]);
  });

  it('makes one item per step, one per listed value for a fan-out step, and a not-applicable item when nothing is listed', () => {
    const items = expandRow(
      ONBOARD_LEARNERS,
      row({ Email: 'a@x.test', Courses: 'Fire Safety; Code of Conduct', Groups: '' }),
    );
    expect(items.map((i) => [i.step, i.fanIndex, i.fanValue, i.notApplicable?.kind ?? null])).toEqual([
      [0, 0, null, null],
      [1, 0, 'Fire Safety', null],
      [1, 1, 'Code of Conduct', null],
      [2, 0, null, 'noValues'],
      [3, 0, null, null],
    ]);
    expect(items[3]!.notApplicable!.note).toBe('Nothing to do: "Groups" lists no values.');
  });

  it('checks a condition: not empty, or equal to a value (trimmed, case ignored)', () => {
    expect(conditionHolds({ column: 'Invite', notEmpty: true }, row({ Invite: ' x ' }))).toEqual({
      holds: true,
    });
    expect(conditionHolds({ column: 'Invite', notEmpty: true }, row({ Invite: '  ' }))).toEqual({
      holds: false,
      why: '"Invite" is empty',
    });
    expect(conditionHolds({ column: 'Invite', equals: 'yes' }, row({ Invite: ' YES' }))).toEqual({
      holds: true,
    });
    expect(conditionHolds({ column: 'Invite', equals: 'yes' }, row({ Invite: 'no' }))).toEqual({
      holds: false,
      why: '"Invite" is "no", not "yes"',
    });
    const recipe: Pick<Recipe, 'steps'> = {
      steps: [{ ...ONBOARD_LEARNERS.steps[3]!, when: { column: 'Invite', equals: 'yes' } }],
    };
    expect(expandRow(recipe, row({ Invite: 'no' }))[0]!.notApplicable).toEqual({
      kind: 'condition',
      note: 'Not applicable: "Invite" is "no", not "yes".',
    });
  });
});

describe("a step's request", () => {
  const catalog: LookupTable = {
    entries: { 'fire safety': '12' },
    ambiguous: {},
    catalog: 'the Test catalog',
  };
  const bound: Recipe = {
    ...ONBOARD_LEARNERS,
    steps: ONBOARD_LEARNERS.steps.map((s) =>
      s.id === 'courses'
        ? {
            ...s,
            mapping: {
              fields: {
                ...s.mapping.fields,
                courseId: {
                  kind: 'column',
                  column: '@value',
                  transforms: [
                    {
                      kind: 'lookup',
                      entity: 'coursepath.course',
                      from: 'title',
                      connectionId: 'c',
                      resolved: catalog,
                    },
                  ],
                },
              },
            } as Mapping,
          }
        : s,
    ),
  };
  const enrol = getTemplate('coursepath.courses.enrol')!;
  const cells = row({
    Email: 'a@x.test',
    'First name': 'Ann',
    'Last name': 'Lee',
    Courses: 'Fire Safety',
    Groups: '',
  });

  it('reads the listed value through the catalog and the member id an earlier step captured; keys what it acts on', () => {
    const b = buildStepRequest(bound, 1, enrol, cells, 'Fire Safety', { member: { 'Member ID': '0042' } });
    expect(b.request?.pathAndQuery).toBe('/api/v1/courses/12/members/0042/coursemember');
    expect(b.key).toBe('courseId=12 memberId=42');
  });

  it('says which earlier step did not capture what it needs, and sends nothing', () => {
    const b = buildStepRequest(bound, 1, enrol, cells, 'Fire Safety', { member: null });
    expect(b.request).toBeNull();
    expect(b.issues[0]!.message).toBe(
      'needs "Member ID" from step "Create member", which did not capture it (look at that step\'s answer in History)',
    );
    // Said once: not again as a column missing from the file.
    expect(b.issues.map((i) => i.message).join(' ')).not.toMatch(/No column named/);
  });

  it('a row that repeats the header (files pasted together) builds no step, the virtual columns aside', () => {
    // Groups: a blank header cell's generated name, blank in the header row too.
    const header = row({
      Email: 'Email',
      'First name': ' First name',
      'Last name': 'Last name',
      Courses: 'Courses',
      'Column 5': '',
    });
    for (const [step, template] of [
      [0, getTemplate('coursepath.members.create')!],
      [1, enrol],
    ] as const) {
      const b = buildStepRequest(bound, step, template, header, 'Courses', { member: { 'Member ID': '7' } });
      expect(b.request).toBeNull();
      expect(b.issues.map((i) => i.message)).toEqual([
        'Repeats the header row (its cells are the column names, as when files are pasted together), so it is not ' +
          'data. Delete the row from the file.',
      ]);
    }
  });

  it("an unknown title stops the item with the lookup's reason", () => {
    const b = buildStepRequest(bound, 1, enrol, cells, 'Fire Safty', { member: { 'Member ID': '7' } });
    expect(b.request).toBeNull();
    expect(b.issues.map((i) => i.message).join(' ')).toMatch(
      /"Fire Safty" is not a course title in the Test catalog/,
    );
  });

  it('before the earlier step ran, stands in a placeholder the preview shows by name, and keys nothing', () => {
    const b = buildStepRequest(bound, 1, enrol, cells, 'Fire Safety', null);
    expect(b.key).toBeNull();
    expect(showPlaceholders(b.request!.pathAndQuery)).toBe(
      '/api/v1/courses/12/members/{member.Member ID}/coursemember',
    );
    expect(usesCaptures(bound.steps[1]!)).toBe(true);
    expect(usesCaptures(bound.steps[0]!)).toBe(false);
    // A step that reads no capture is keyed at once.
    const first = buildStepRequest(bound, 0, getTemplate('coursepath.members.create')!, cells, null, null);
    expect(first.key).toBe('email=a@x.test');
  });
});

describe('checking a recipe', () => {
  it('the built-in recipes are valid, with and without their columns', () => {
    for (const r of BUILT_IN_RECIPES)
      expect(validateRecipe(r, null).filter((i) => i.level === 'error')).toEqual([]);
    expect(validateRecipe(ONBOARD_LEARNERS, ONBOARD_COLUMNS).filter((i) => i.level === 'error')).toEqual([]);
    expect(validateRecipe(OFFBOARD_LEARNERS, ['Email', 'Courses', 'Groups'])).toEqual([]);
    expect(validateRecipe(PROVISION_LEARNERS, ['Client', 'User ID', 'Name', 'Courses'])).toEqual([]);
  });

  it('names the step and the field of every problem', () => {
    const broken: Recipe = {
      ...ONBOARD_LEARNERS,
      steps: [
        ONBOARD_LEARNERS.steps[0]!,
        { ...ONBOARD_LEARNERS.steps[1]!, forEach: undefined },
        {
          ...ONBOARD_LEARNERS.steps[2]!,
          id: 'member',
          mapping: {
            fields: {
              name: { kind: 'column', column: '@value' },
              memberId: { kind: 'column', column: '@member.Name' },
            },
          },
        },
        { id: 'x', name: 'Delete a course', template: 'coassemble.courses.delete', mapping: { fields: {} } },
        {
          id: 'y',
          name: 'Early',
          template: 'coursepath.members.invite',
          mapping: { fields: { memberId: { kind: 'column', column: '@later.Member ID' } } },
        },
      ],
    };
    const messages = validateRecipe(broken, ['Email', 'First name', 'Last name', 'Courses']).map(
      (i) => i.message,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        'Step 2 "Enrol in courses": reads @value, the value of a step that runs once per listed value, but this step has no "forEach".',
        'Step 3 "Add to groups": step 1 has the same id "member"; each step needs its own.',
        'Step 3 "Add to groups": runs once per value of "Groups", but the file has no such column.',
        'Step 3 "Add to groups": reads "@member.Name", but step 1 (Coursepath: create member) captures "Member ID".',
        'Step 4 "Delete a course": "Coassemble: delete course" is a coassemble call, but this recipe runs on coursepath.',
        'Step 5 "Early": reads "@later.Member ID", but no earlier step has the id "later".',
      ]),
    );
  });

  it('a required field left unmapped, and a column the file lacks, are named with the step', () => {
    const r: Recipe = {
      ...ONBOARD_LEARNERS,
      steps: [
        {
          ...ONBOARD_LEARNERS.steps[0]!,
          mapping: { fields: { name: { kind: 'column', column: 'Full name' } } },
        },
      ],
    };
    expect(validateRecipe(r, ['Email']).map((i) => i.message)).toEqual([
      'Step 1 "Create member", Email: is required but not mapped',
      'Step 1 "Create member", Name: no column named "Full name" in this file',
    ]);
  });

  it('switching the optional invitation off leaves it out', () => {
    expect(withoutSteps(ONBOARD_LEARNERS, ['invite']).steps.map((s) => s.id)).toEqual([
      'member',
      'courses',
      'groups',
    ]);
  });
});

describe('the phrase for destructive steps', () => {
  it("names each destructive step's count and the connection; safe steps add nothing", () => {
    const t = (id: string) => getTemplate(id)!;
    expect(
      recipeConfirmationPhrase(
        [
          { template: t('coursepath.courses.unenrol'), items: 12 },
          { template: t('coursepath.groups.remove'), items: 1 },
          { template: t('coursepath.members.invite'), items: 40 },
        ],
        'Acme Production',
      ),
    ).toBe('REMOVE 12 course enrolments and REMOVE 1 group membership on Acme Production');
    expect(
      recipeConfirmationPhrase([{ template: t('coursepath.courses.unenrol'), items: 0 }], 'Acme'),
    ).toBeNull();
    expect(
      recipeConfirmationPhrase([{ template: t('coursepath.members.create'), items: 5 }], 'Acme'),
    ).toBeNull();
  });
});
