// Recipes as files: readable YAML (or JSON) an admin exports, keeps in version control beside their
// spreadsheets, edits in any editor and imports again — the way Bruno keeps its collections. The same
// shape as the app's own (types.ts), key order fixed so a diff shows only what changed.
import { parse, stringify } from 'yaml';
import { recipeSchema } from '../contract/validate';
import { recipeIssueLines, type ShapeIssue } from './recipeFileIssues';
import type { Recipe, RecipeStep } from './types';
import { RECIPE_VERSION } from './types';

export type RecipeFormat = 'yaml' | 'json';

/** The file's text → a recipe, or why not (with the line, or the field's path). Meaning is checked by validateRecipe. */
export function parseRecipeText(
  text: string,
  fileName = 'the recipe file',
): { ok: true; recipe: Recipe } | { ok: false; message: string } {
  let data: unknown;
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '')
    return {
      ok: false,
      message: `${fileName} is empty: a recipe file holds "id", "name", "api" and "steps".`,
    };
  try {
    // JSON is YAML too, but a JSON file gets JSON's own error messages.
    data = /^\s*[{[]/.test(body) ? JSON.parse(body) : parse(body, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    return {
      ok: false,
      message: `${fileName} cannot be read: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    return {
      ok: false,
      message: `${fileName} is not a recipe: expected an object with "id", "name", "api" and "steps".`,
    };
  const version = (data as { version?: unknown }).version;
  if (typeof version === 'number' && version > RECIPE_VERSION)
    return {
      ok: false,
      message: `${fileName} was written by a newer Bulk Desk (recipe format ${version}; this version reads ${RECIPE_VERSION}). Update the app.`,
    };
  const parsed = recipeSchema.safeParse(data);
  if (!parsed.success) {
    return { ok: false, message: recipeIssueLines(fileName, parsed.error.issues as ShapeIssue[], data) };
  }
  return { ok: true, recipe: parsed.data as Recipe };
}

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

const HEADER = (r: Recipe) =>
  `# Bulk Desk recipe "${r.name}" (${r.api}). Import it with: bulk-desk recipes import <this file>\n` +
  `# Each step is one API call per row (or per value listed in its "forEach" column). A field reads a\n` +
  `# column, "@value" (the listed value) or "@<step>.<field>" (what an earlier step of the row captured).\n`;

export function formatRecipe(recipe: Recipe, format: RecipeFormat): string {
  const r = canonicalRecipe(recipe);
  if (format === 'json') return `${JSON.stringify(r, null, 2)}\n`;
  return HEADER(r) + stringify(r, { lineWidth: 0 });
}

/** A file name for the recipe: its id, then the format's extension. */
export const recipeFileName = (r: Pick<Recipe, 'id'>, format: RecipeFormat) =>
  `${r.id.replace(/[^A-Za-z0-9._-]/g, '_')}.recipe.${format === 'yaml' ? 'yaml' : 'json'}`;
