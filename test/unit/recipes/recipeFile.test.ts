// Recipe files: YAML and JSON both round-trip exactly, keys in a fixed order (clean diffs in version
// control), a lookup's catalog table is never written, and a bad file is refused naming the line or field.
import { describe, expect, it } from 'vitest';
import { BUILT_IN_RECIPES, ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { canonicalRecipe } from '../../../src-shared/recipes/canonicalRecipe';
import { formatRecipe, parseRecipeText, recipeFileName } from '../../../src-shared/recipes/recipeFile';
import type { Recipe } from '../../../src-shared/recipes/types';

describe('recipe files', () => {
  it.each(['yaml', 'json'] as const)('every built-in recipe round-trips through %s', (format) => {
    for (const r of BUILT_IN_RECIPES) {
      const text = formatRecipe(r, format);
      const back = parseRecipeText(text);
      expect(back).toEqual({ ok: true, recipe: canonicalRecipe(r) });
      expect(formatRecipe((back as { recipe: Recipe }).recipe, format)).toBe(text); // stable: a second save changes nothing
    }
  });

  it('YAML reads like the recipe: steps in order, readable fields', () => {
    const text = formatRecipe(ONBOARD_LEARNERS, 'yaml');
    expect(text).toMatch(/^# Bulk Desk recipe "Onboard learners"/);
    expect(text).toContain(
      '  - id: courses\n    name: Enrol in courses\n    template: coursepath.courses.enrol\n    forEach:\n      column: Courses\n      separator: ;',
    );
    expect(text).toContain('column: "@member.Member ID"');
    expect(recipeFileName(ONBOARD_LEARNERS, 'yaml')).toBe('coursepath.onboard.recipe.yaml');
  });

  it('never writes the catalog a lookup was bound to', () => {
    const bound = structuredClone(ONBOARD_LEARNERS) as Recipe;
    const src = bound.steps[1]!.mapping.fields.courseId!;
    if (src.kind !== 'column') throw new Error('expected a column');
    src.transforms = [
      {
        kind: 'lookup',
        entity: 'coursepath.course',
        from: 'title',
        connectionId: 'c1',
        resolved: { entries: { a: '1' }, ambiguous: {}, catalog: 'x' },
      },
    ];
    const text = formatRecipe(bound, 'json');
    expect(text).not.toContain('resolved');
    expect(text).toContain('"connectionId": "c1"');
  });

  it('refuses a bad file naming the line or the field', () => {
    expect(parseRecipeText('id: x\n  name: [', 'mine.yaml')).toEqual({
      ok: false,
      message: expect.stringMatching(/^mine\.yaml cannot be read: .*line/i),
    });
    expect(parseRecipeText('{"id": "x"', 'mine.json')).toEqual({
      ok: false,
      message: expect.stringMatching(/^mine\.json cannot be read: /),
    });
    expect(parseRecipeText('- 1\n- 2')).toEqual({
      ok: false,
      message: expect.stringMatching(/is not a recipe/),
    });
    const noTemplate = formatRecipe(ONBOARD_LEARNERS, 'yaml').replace(
      '    template: coursepath.members.create\n',
      '',
    );
    expect(parseRecipeText(noTemplate, 'r.yaml')).toEqual({
      ok: false,
      message: `r.yaml: Step 1 "${ONBOARD_LEARNERS.steps[0]!.name}" has no template ("steps.0.template").`,
    });
    // Every problem, each in words naming the file and the field, not the validator's first one.
    expect(parseRecipeText(JSON.stringify({ id: 'x', api: 'coursepath', steps: [] }), 'bad.json')).toEqual({
      ok: false,
      message:
        'bad.json: The recipe has no name ("name").\n' + 'bad.json: The recipe has no steps: add at least one.',
    });
    expect(
      parseRecipeText(JSON.stringify({ id: 'x', name: 'X', api: 'moodle', colour: 'red', steps: [{ id: 's', name: 'S', template: 7, mapping: { fields: {} } }] }), 'b.json'),
    ).toEqual({
      ok: false,
      message:
        'b.json: The recipe\'s "api" must be one of "coursepath", "coassemble" ("api").\n' +
        'b.json: Step 1 "S": its template must be text ("steps.0.template").\n' +
        'b.json: The recipe has a key Bulk Desk does not read: "colour" (a typo?).',
    });
    expect(parseRecipeText('version: 9\nid: x', 'new.yaml')).toEqual({
      ok: false,
      message: expect.stringMatching(/newer Bulk Desk \(recipe format 9/),
    });
  });
});
