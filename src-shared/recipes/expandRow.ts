// One row of the file through a recipe: which items it makes. A step makes one item per row, or — with
// `forEach` — one per value listed in a cell; a step whose condition does not hold, or whose cell lists
// nothing, makes one item that is not applicable (shown in History, never sent). Pure: the preflight, the
// job's creation and the preview expand a row with this same code.
import { lookupKey } from '../mapping/transforms';
import type { RowValues } from '../mapping/types';
import type { NotApplicable, Recipe, RecipeStep, StepCondition } from './types';

export interface PlannedItem {
  /** The step's index in the recipe (0-based). */
  step: number;
  /** The value's position in its cell (0 when the step does not fan out). */
  fanIndex: number;
  /** The fan-out value this item acts on; null when the step does not fan out. */
  fanValue: string | null;
  /** Set when the item is not sent at all: its condition does not hold, or its cell lists no values. */
  notApplicable: NotApplicable | null;
}

const cell = (row: RowValues, column: string) => (Object.hasOwn(row, column) ? row[column]! : '');

/**
 * The values a cell lists: split on the separator, trimmed, empty ones dropped, and a value repeated in
 * the same cell (case and spacing ignored, as the catalog lookups compare) kept once, first spelling.
 */
export function splitValues(text: string, separator: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const part of text.split(separator)) {
    const v = part.trim();
    if (v === '') continue;
    const k = lookupKey(v);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

/** Whether a step's condition holds for a row; when it does not, why, in words. */
export function conditionHolds(
  when: StepCondition,
  row: RowValues,
): { holds: true } | { holds: false; why: string } {
  const v = cell(row, when.column).trim();
  if ('notEmpty' in when)
    return v !== '' ? { holds: true } : { holds: false, why: `"${when.column}" is empty` };
  if (v.toLowerCase() === when.equals.trim().toLowerCase()) return { holds: true };
  return { holds: false, why: `"${when.column}" is ${v === '' ? 'empty' : `"${v}"`}, not "${when.equals}"` };
}

/** The items of one step for one row. */
export function expandStep(step: RecipeStep, index: number, row: RowValues): PlannedItem[] {
  if (step.when) {
    const c = conditionHolds(step.when, row);
    if (!c.holds) {
      return [
        {
          step: index,
          fanIndex: 0,
          fanValue: null,
          notApplicable: { kind: 'condition', note: `Not applicable: ${c.why}.` },
        },
      ];
    }
  }
  if (!step.forEach) return [{ step: index, fanIndex: 0, fanValue: null, notApplicable: null }];
  const values = splitValues(cell(row, step.forEach.column), step.forEach.separator);
  if (values.length === 0) {
    return [
      {
        step: index,
        fanIndex: 0,
        fanValue: null,
        notApplicable: { kind: 'noValues', note: `Nothing to do: "${step.forEach.column}" lists no values.` },
      },
    ];
  }
  return values.map((v, i) => ({ step: index, fanIndex: i, fanValue: v, notApplicable: null }));
}

/** Every item of a row, step by step, in the order they run. */
export function expandRow(recipe: Pick<Recipe, 'steps'>, row: RowValues): PlannedItem[] {
  return recipe.steps.flatMap((step, i) => expandStep(step, i, row));
}
