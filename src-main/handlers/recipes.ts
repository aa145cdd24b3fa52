// recipes.*: built-in and saved recipes, their files, a row through every step, the preflight, a recipe
// job's creation, and its rows step by step for History. Running and controlling the job is `jobs.*`.
import { noSecretStored } from '../../src-shared/connections/noSecret';
import type { RecipeDto } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { BUILT_IN_RECIPES, builtInRecipe } from '../../src-shared/recipes/builtins';
import { canonicalRecipe } from '../../src-shared/recipes/canonicalRecipe';
import type { Recipe } from '../../src-shared/recipes/types';
import { validateRecipe } from '../../src-shared/recipes/validateRecipe';
import { recordJobCreated } from '../audit/jobAudit';
import { getJob } from '../db/jobs';
import { deleteRecipe, getSavedRecipe, listSavedRecipes, saveRecipe } from '../db/recipes';
import { recipeRows } from '../db/recipeItems';
import {
  createRecipeJob,
  recipePreflight,
  recipePreview,
  requireValid,
  resolveRecipeRun,
} from '../recipes/recipeJobs';
import type { HandlerContext } from './context';
import type { Handlers } from './types';

const dto = (recipe: Recipe, builtIn: boolean, savedAt: number | null): RecipeDto => ({
  recipe,
  builtIn,
  savedAt,
  issues: validateRecipe(recipe, null),
});

export function recipeHandlers(ctx: HandlerContext) {
  const find = (id: string): RecipeDto => {
    const b = builtInRecipe(id);
    if (b) return dto(b, true, null);
    const saved = getSavedRecipe(ctx.db, id);
    if (!saved)
      throw new AppError('NOT_FOUND', `No recipe with id "${id}" (see: bulk-desk recipes list).`, {
        field: 'id',
      });
    return dto(saved.recipe, false, saved.savedAt);
  };
  const save = (recipe: Recipe): RecipeDto => {
    if (builtInRecipe(recipe.id))
      throw new AppError(
        'CONFLICT',
        `"${recipe.id}" is a built-in recipe and cannot be replaced; give your copy an id of its own.`,
        { field: 'recipe.id' },
      );
    const issues = validateRecipe(recipe, null).filter((i) => i.field === 'id' && i.step === null);
    if (issues.length) throw new AppError('INVALID_INPUT', issues[0]!.message, { field: 'recipe.id' });
    const canonical = canonicalRecipe(recipe);
    const at = ctx.now();
    saveRecipe(ctx.db, canonical, at);
    return dto(canonical, false, at);
  };
  return {
    'recipes.list': async () => [
      ...BUILT_IN_RECIPES.map((r) => dto(r, true, null)),
      ...listSavedRecipes(ctx.db).map((s) => dto(s.recipe, false, s.savedAt)),
    ],
    'recipes.get': async ({ id }) => find(id),
    'recipes.save': async ({ recipe }) => save(recipe),
    'recipes.delete': async ({ id }) => {
      if (builtInRecipe(id))
        throw new AppError('CONFLICT', `"${id}" is a built-in recipe; it cannot be deleted.`);
      if (!deleteRecipe(ctx.db, id)) throw new AppError('NOT_FOUND', `No saved recipe with id "${id}".`);
      return { deleted: true as const };
    },
    // A recipe file's YAML reader loads with the first file read or written, not with every command's services.
    'recipes.import': async ({ text, fileName }) => {
      const { parseRecipeText } = await import('../../src-shared/recipes/recipeFile');
      const parsed = parseRecipeText(text, fileName);
      // No `field`: the message names the file and each field in it ("text" is only this call's input).
      if (!parsed.ok) throw new AppError('INVALID_INPUT', parsed.message);
      return save(parsed.recipe);
    },
    'recipes.export': async ({ id, recipe, format }) => {
      const r = recipe ?? find(id!).recipe;
      const { formatRecipe, recipeFileName } = await import('../../src-shared/recipes/recipeFile');
      return { text: formatRecipe(r, format), fileName: recipeFileName(r, format) };
    },
    'recipes.preview': async ({ rowNumber, ...input }) =>
      recipePreview(ctx.db, resolveRecipeRun(ctx.db, input), rowNumber),
    'recipes.preflight': async ({ allowDuplicates, resend, ...input }) =>
      recipePreflight(ctx.db, resolveRecipeRun(ctx.db, input), { allowDuplicates, resend }),
    'recipes.createJob': async ({ options, ...input }) => {
      const subject = resolveRecipeRun(ctx.db, input);
      requireValid(subject);
      // The secret is read before the job exists (as jobs.create): a dry run signs nothing.
      if (!options?.dryRun && !ctx.credentials.get(subject.connection.id)) {
        throw new AppError(
          'CREDENTIALS',
          noSecretStored(subject.connection),
        );
      }
      const id = createRecipeJob(ctx.db, subject, options ?? {}, ctx.now());
      recordJobCreated(ctx.db, id, ctx.version, ctx.now());
      return ctx.runner.summary(id);
    },
    'recipes.rows': async ({ jobId, offset, limit, filter }) => {
      const job = getJob(ctx.db, jobId);
      if (!job) throw new AppError('NOT_FOUND', `No job with id ${jobId}.`);
      if (!job.recipe)
        throw new AppError(
          'INVALID_INPUT',
          `Job ${jobId} runs one template, not a recipe: see its rows with jobs.items.`,
        );
      return recipeRows(ctx.db, jobId, offset, limit, filter === 'problems');
    },
  } satisfies Partial<Handlers>;
}
