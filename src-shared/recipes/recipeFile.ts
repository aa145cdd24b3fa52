// Recipes as files: readable YAML (or JSON) an admin exports, keeps in version control beside their
// spreadsheets, edits in any editor and imports again — the way Bruno keeps its collections. The same
// shape as the app's own (types.ts), key order fixed so a diff shows only what changed (canonicalRecipe.ts).
// It brings the YAML reader: import it where a recipe file is read or written, not where services start.
import { parse, stringify } from 'yaml';
import { recipeSchema } from '../contract/inputs/recipeInput';
import { canonicalRecipe } from './canonicalRecipe';
import { recipeIssueLines, type ShapeIssue } from './recipeFileIssues';
import type { Recipe } from './types';
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
  const parsed = recipeSchema().safeParse(data);
  if (!parsed.success) {
    return { ok: false, message: recipeIssueLines(fileName, parsed.error.issues as ShapeIssue[], data) };
  }
  return { ok: true, recipe: parsed.data as Recipe };
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
