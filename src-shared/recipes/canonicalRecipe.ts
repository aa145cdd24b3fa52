// A recipe in a fixed key order, without what the app fills in at run time: what is saved and exported, and
// what two saves of the same recipe compare by. Apart from recipeFile.ts (which brings the YAML reader) so
// that saving a recipe, and every command's start, need no YAML.
import type { Recipe, RecipeStep } from './types';
import { RECIPE_VERSION } from './types';

/** The recipe in a fixed key order: what is exported, and what two saves of the same recipe compare by. */
export function canonicalRecipe(r: Recipe): Recipe {
  const step = (s: RecipeStep): RecipeStep => ({
    id: s.id,
    name: s.name,
    template: s.template,
    ...(s.when ? { when: s.when } : {}),
    ...(s.forEach ? { forEach: { column: s.forEach.column, separator: s.forEach.separator } } : {}),
    ...(s.optional ? { optional: true } : {}),
    mapping: stripResolved(s.mapping),
  });
  return {
    version: RECIPE_VERSION,
    id: r.id,
    name: r.name,
    api: r.api,
    ...(r.description ? { description: r.description } : {}),
    steps: r.steps.map(step),
  };
}

/** A mapping as a file holds it: a lookup's table is filled in by the app at run time, never saved. */
function stripResolved(m: RecipeStep['mapping']): RecipeStep['mapping'] {
  const fields = Object.fromEntries(
    Object.entries(m.fields).map(([k, s]) => [
      k,
      (s.kind === 'column' || s.kind === 'template') && s.transforms
        ? {
            ...s,
            transforms: s.transforms.map((t) =>
              t.kind === 'lookup'
                ? { kind: t.kind, entity: t.entity, from: t.from, connectionId: t.connectionId }
                : t,
            ),
          }
        : s,
    ]),
  );
  return { ...m, fields };
}
