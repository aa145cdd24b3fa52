// Builds one recipe item's request: the step's template and mapping over the row's cells, plus the
// virtual columns `@value` (the fan-out value) and `@<step>.<label>` (a field an earlier step of the same
// row captured, e.g. the member id "create member" answered). The same buildRequest as every other call,
// so the preview shows what the runner sends.
import type { Template } from '../connectors/types';
import { rowKey } from '../connectors/rowKeys';
import { sourceColumns } from '../mapping/checkMapping';
import { rowRepeatsHeader } from '../dataset/headerRow';
import { buildRequest, HEADER_AGAIN, type Built } from '../mapping/buildRequest';
import { templateColumns } from '../mapping/applyMapping';
import type { MappingIssue, RowValues } from '../mapping/types';
import { captureColumn, parseCaptureColumn, VALUE_COLUMN, type Recipe, type RecipeStep } from './types';

/** Captured fields of the row's earlier steps: step id → label → value (null: that step captured nothing). */
export type StepCaptures = Readonly<Record<string, Readonly<Record<string, string>> | null>>;

/** The virtual columns a step's mapping reads: `@value` and the earlier steps' captured fields. */
export function virtualColumnsOf(step: Pick<RecipeStep, 'mapping'>): string[] {
  const out = new Set<string>();
  for (const source of Object.values(step.mapping.fields)) {
    const cols = source.kind === 'template' ? templateColumns(source.template) : sourceColumns(source);
    for (const c of cols) if (c === VALUE_COLUMN || parseCaptureColumn(c)) out.add(c);
  }
  return [...out];
}

/** The earlier steps whose captured fields this step reads (their ids). */
export function capturedStepsOf(step: Pick<RecipeStep, 'mapping'>): string[] {
  return [...new Set(virtualColumnsOf(step).flatMap((c) => parseCaptureColumn(c)?.step ?? []))];
}

/** Whether the step's request needs what an earlier step answered (so it can only be built once that ran). */
export const usesCaptures = (step: Pick<RecipeStep, 'mapping'>) => capturedStepsOf(step).length > 0;

export interface StepBuilt extends Built {
  /** What the item acts on, as the LMS compares it (rowKeys.ts); null when it cannot be built. */
  key: string | null;
}

/**
 * The item's request. `captures` null means they are not known yet (a preview or a preflight before the
 * job ran): each captured field is stood in for by a placeholder (see `PLACEHOLDER`), so the other fields
 * are checked, and `key` is null (an unknown member id keys nothing).
 */
export function buildStepRequest(
  recipe: Pick<Recipe, 'steps'>,
  stepIndex: number,
  template: Template,
  row: RowValues,
  fanValue: string | null,
  captures: StepCaptures | null,
): StepBuilt {
  const step = recipe.steps[stepIndex]!;
  // The row's own cells: the virtual columns added below are not the header's.
  if (rowRepeatsHeader(row))
    return { request: null, issues: [{ ...HEADER_AGAIN }], values: new Map(), key: null };
  const values: Record<string, string> = { ...row, [VALUE_COLUMN]: fanValue ?? '' };
  const missing: MappingIssue[] = [];
  for (const column of virtualColumnsOf(step)) {
    const ref = parseCaptureColumn(column);
    if (!ref) continue;
    if (captures === null) {
      values[column] = placeholderFor(column);
      continue;
    }
    const from = recipe.steps.find((s) => s.id === ref.step);
    const got = captures[ref.step]?.[ref.label];
    if (got !== undefined && got !== '') values[column] = got;
    else {
      // Stood in for, so the other fields are still checked and the gap is said once (not as a column).
      values[column] = placeholderFor(column);
      missing.push({
        field: `@${ref.step}`,
        level: 'error',
        message: `needs "${ref.label}" from step "${from?.name ?? ref.step}", which ${
          captures[ref.step] === undefined
            ? 'has not run for this row'
            : "did not capture it (look at that step's answer in History)"
        }`,
      });
    }
  }
  const built = buildRequest(template, step.mapping, Object.fromEntries(Object.entries(values)));
  if (missing.length)
    return { request: null, issues: [...missing, ...built.issues], values: built.values, key: null };
  const keyed = built.request !== null && (captures !== null || !usesCaptures(step));
  const key = keyed ? rowKey(template, built.values, built.request!) : null;
  return { ...built, key };
}

// ----- placeholders for captured fields not known yet (preview, preflight) -----

const PLACEHOLDER_BASE = '90000000000000';
const placeholders = new Map<string, string>();

/**
 * A stand-in value for a captured field not known yet: digits (a member id is checked as a number), long
 * and unlikely enough that `showPlaceholders` can put the field's name back in for display.
 */
export function placeholderFor(column: string): string {
  let p = placeholders.get(column);
  if (!p) {
    if (placeholders.size > 500) placeholders.clear();
    p = `${PLACEHOLDER_BASE}${String(placeholders.size + 1).padStart(4, '0')}`;
    placeholders.set(column, p);
  }
  return p;
}

/** Text with every placeholder replaced by `{member.Member ID}` — what the preview shows. */
export function showPlaceholders(text: string): string {
  if (!text.includes(PLACEHOLDER_BASE)) return text;
  let out = text;
  for (const [column, p] of placeholders) out = out.split(p).join(`{${column.slice(1)}}`);
  return out;
}

export { captureColumn };
