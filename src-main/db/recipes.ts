// The admin's saved recipes (built-in ones live in code: src-shared/recipes/builtins.ts). Each is kept as
// the canonical JSON its file would hold, so what is exported is exactly what was saved.
import type { Recipe } from '../../src-shared/recipes/types';
import type { Db } from './openDb';

export interface SavedRecipe {
  recipe: Recipe;
  savedAt: number;
}

interface RecipeRow {
  recipe_json: string;
  saved_at: number;
}

const toSaved = (r: RecipeRow): SavedRecipe => ({
  recipe: JSON.parse(r.recipe_json) as Recipe,
  savedAt: r.saved_at,
});

export function listSavedRecipes(db: Db): SavedRecipe[] {
  return (
    db
      .prepare('SELECT recipe_json, saved_at FROM recipes ORDER BY name COLLATE NOCASE, id')
      .all() as RecipeRow[]
  ).map(toSaved);
}

export function getSavedRecipe(db: Db, id: string): SavedRecipe | undefined {
  const row = db.prepare('SELECT recipe_json, saved_at FROM recipes WHERE id = ?').get(id) as
    RecipeRow | undefined;
  return row && toSaved(row);
}

/** Saves (or replaces) the recipe under its id. */
export function saveRecipe(db: Db, recipe: Recipe, at: number): void {
  db.prepare(
    `INSERT INTO recipes (id, name, api, recipe_json, saved_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, api = excluded.api, recipe_json = excluded.recipe_json,
       saved_at = excluded.saved_at`,
  ).run(recipe.id, recipe.name, recipe.api, JSON.stringify(recipe), at);
}

export function deleteRecipe(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM recipes WHERE id = ?').run(id).changes === 1;
}
