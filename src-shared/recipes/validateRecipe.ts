// Checks a recipe before any row is read: every step names a catalog template of the recipe's API, its
// mapping fills the required fields from columns the file has, `@value` is used only by a step that fans
// out, and `@<step>.<label>` names an earlier step that captures that field. One message here saves the
// same error on every row; each names the step and the field.
import type { RecipeStepHeading } from '../contract/api';
import { getTemplate } from '../connectors/catalog';
import { MANUAL_TEMPLATE_ID } from '../connectors/customTemplate';
import type { Template } from '../connectors/types';
import { templateColumns } from '../mapping/applyMapping';
import { checkMapping } from '../mapping/checkMapping';
import { virtualColumnsOf } from './stepRequest';
import { parseCaptureColumn, RECIPE_VERSION, VALUE_COLUMN, type Recipe, type RecipeStep } from './types';

export interface RecipeIssue {
  /** The step's index (0-based), or null for the recipe as a whole. */
  step: number | null;
  /** The template field (or `when`, `forEach`, `id`, `template`), when the issue is about one. */
  field: string | null;
  level: 'error' | 'warning';
  /** Names the step: `Step 2 "Enrol in courses", Course ID: no column named "Courses" in this file`. */
  message: string;
}

export const MAX_STEPS = 20;
export const STEP_ID = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;
export const RECIPE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const stepLabel = (i: number, s: RecipeStep) => `Step ${i + 1} "${s.name || s.id}"`;

/** The catalog template of a step, when it can be a step (not the manual configuration). */
export function stepTemplate(step: Pick<RecipeStep, 'template'>): Template | undefined {
  return step.template === MANUAL_TEMPLATE_ID ? undefined : getTemplate(step.template);
}

/** The step as the app lists it (`template`: the step's, when the caller has it already). */
export function stepHeading(
  step: RecipeStep,
  template: Template | undefined = stepTemplate(step),
): RecipeStepHeading {
  return {
    id: step.id,
    name: step.name,
    templateId: step.template,
    templateName: template?.name ?? step.template,
    destructive: template?.danger === 'destructive',
  };
}

/**
 * Every problem of the recipe. `columns`: the file it will run on (null: checked without a file, so
 * column names are not checked — an exported recipe is checked this way).
 */
export function validateRecipe(recipe: Recipe, columns: readonly string[] | null): RecipeIssue[] {
  const issues: RecipeIssue[] = [];
  const add = (
    step: number | null,
    field: string | null,
    message: string,
    level: 'error' | 'warning' = 'error',
  ) => issues.push({ step, field, level, message });
  if (!RECIPE_ID.test(recipe.id))
    add(
      null,
      'id',
      `The recipe id "${recipe.id}" may hold only letters, digits, ".", "_" and "-" (at most 100).`,
    );
  if (recipe.version !== undefined && recipe.version > RECIPE_VERSION)
    add(
      null,
      'version',
      `This recipe was written by a newer Bulk Desk (format ${recipe.version}; this version reads ${RECIPE_VERSION}). Update the app.`,
    );
  if (recipe.steps.length === 0) add(null, 'steps', 'A recipe needs at least one step.');
  if (recipe.steps.length > MAX_STEPS)
    add(null, 'steps', `A recipe has at most ${MAX_STEPS} steps (this one has ${recipe.steps.length}).`);
  const have = columns ? new Set(columns) : null;
  if (columns) {
    for (const c of columns)
      if (c === VALUE_COLUMN || parseCaptureColumn(c))
        add(
          null,
          null,
          `The file's column "${c}" has the name of a recipe value; a step reads the recipe's, not the column.`,
          'warning',
        );
  }

  const seen = new Map<string, number>();
  recipe.steps.forEach((step, i) => {
    const at = stepLabel(i, step);
    if (!STEP_ID.test(step.id))
      add(
        i,
        'id',
        `${at}: the step id "${step.id}" must start with a letter and hold only letters, digits, "_" and "-".`,
      );
    const dup = seen.get(step.id);
    if (dup !== undefined)
      add(i, 'id', `${at}: step ${dup + 1} has the same id "${step.id}"; each step needs its own.`);
    else seen.set(step.id, i);

    if (step.template === MANUAL_TEMPLATE_ID) {
      add(i, 'template', `${at}: the manual configuration cannot be a recipe step; choose a catalog action.`);
      return;
    }
    const template = stepTemplate(step);
    if (!template) {
      add(i, 'template', `${at}: no action "${step.template}" in this version of Bulk Desk.`);
      return;
    }
    if (template.api !== recipe.api) {
      add(
        i,
        'template',
        `${at}: "${template.name}" is a ${template.api} call, but this recipe runs on ${recipe.api}.`,
      );
      return;
    }
    if (step.forEach && have && !have.has(step.forEach.column))
      add(
        i,
        'forEach',
        `${at}: runs once per value of "${step.forEach.column}", but the file has no such column.`,
      );
    if (step.when && have && !have.has(step.when.column))
      add(i, 'when', `${at}: runs only when "${step.when.column}" says so, but the file has no such column.`);

    // The recipe's own values: checked here, with messages that say what they are.
    const virtual = virtualColumnsOf(step);
    for (const column of virtual) {
      if (column === VALUE_COLUMN) {
        if (!step.forEach)
          add(
            i,
            null,
            `${at}: reads ${VALUE_COLUMN}, the value of a step that runs once per listed value, but this step has no "forEach".`,
          );
        continue;
      }
      const ref = parseCaptureColumn(column)!;
      const from = recipe.steps.findIndex((s) => s.id === ref.step);
      if (from < 0 || from >= i) {
        add(i, null, `${at}: reads "${column}", but no earlier step has the id "${ref.step}".`);
        continue;
      }
      const source = stepTemplate(recipe.steps[from]!);
      const labels = Object.keys(source?.capture ?? {});
      if (!labels.includes(ref.label))
        add(
          i,
          null,
          `${at}: reads "${column}", but step ${from + 1} (${source?.name ?? recipe.steps[from]!.template}) captures ${labels.length ? labels.map((l) => `"${l}"`).join(', ') : 'nothing'}.`,
        );
    }
    // The file's columns (when known) and the recipe's values both count as columns for the mapping check.
    const referenced = Object.values(step.mapping.fields).flatMap((s) =>
      s.kind === 'column' ? [s.column] : s.kind === 'keyValue' ? s.entries.map((e) => e.column) : [],
    );
    const allowed = [...virtual, ...(columns ?? [])];
    if (!columns) allowed.push(...referenced, ...templateRefs(step));
    for (const m of checkMapping(template, step.mapping, allowed)) {
      const field = template.fields.find((f) => f.key === m.field);
      const text = field && !m.message.startsWith(field.label) ? `${field.label}: ${m.message}` : m.message;
      add(i, m.field, `${at}, ${text}`, m.level);
    }
  });
  return issues;
}

/** Placeholders of a step's template strings (for checks made without a file). */
function templateRefs(step: RecipeStep): string[] {
  return Object.values(step.mapping.fields).flatMap((s) =>
    s.kind === 'template' ? templateColumns(s.template) : [],
  );
}

export const hasRecipeErrors = (issues: readonly RecipeIssue[]) => issues.some((i) => i.level === 'error');

/** The recipe as it runs when the admin switches optional steps off: those steps are left out. */
export function withoutSteps(recipe: Recipe, skip: readonly string[]): Recipe {
  if (skip.length === 0) return recipe;
  return { ...recipe, steps: recipe.steps.filter((s) => !skip.includes(s.id)) };
}
