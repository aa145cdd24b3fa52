// Why a recipe step's preview holds no request for the row: the recipe has problems, so main builds none
// (resolveRecipeRun) — said where the request would show, rather than an empty "Row 2 sends" panel.
import type { RecipePreviewDto } from '../contract/api';

/**
 * Why step `stepId` of the preview sends nothing for its row; null when it has something to show (a
 * request, or its "not applicable" note). Its own first problem when it has one, else the recipe's.
 */
export function stepNotBuilt(preview: RecipePreviewDto, stepId: string): string | null {
  const k = preview.steps.findIndex((s) => s.id === stepId);
  const step = preview.steps[k];
  if (!step || step.items.length > 0) return null;
  const errors = preview.issues.filter((i) => i.level === 'error');
  // Issues count the steps of the recipe as previewed (switched-off steps left out), as preview.steps does.
  const own = errors.find((i) => i.step === k);
  if (own) return `Not built: ${own.message}`;
  if (errors.length)
    return `Not built while the recipe has ${errors.length === 1 ? 'a problem' : `${errors.length} problems`} (listed above): fix ${errors.length === 1 ? 'it' : 'them'} to see what row ${preview.rowNumber} sends.`;
  return `Row ${preview.rowNumber} sends nothing in this step.`;
}
