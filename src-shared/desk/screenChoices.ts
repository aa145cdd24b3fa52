// The screens' choices kept with the desk (ScreenChoices, src-shared/contract/dto/screenChoices.ts): their
// shape, checked when desk.save receives them and again, section by section, when they are read back (a
// section this version cannot read is dropped, the others stay); merging a save into what is kept; and
// what Map's manual rows may keep. Whether what a choice names still exists (a job, a connection, a step)
// is the screen's to judge as it restores it.
import { z } from 'zod';
import { COMMON_ENCODINGS } from '../dataset/encodings';
import { once } from '../util/once';
import { mayHoldSecret } from '../connectors/customTemplate';
import type {
  HistoryChoice,
  ImportChoice,
  ManualRowsChoice,
  RecipesChoice,
  ScreenChoices,
  ScreenChoicesPatch,
} from '../contract/dto/screenChoices';
import { ITEM_STATUSES } from '../contract/dto/jobs';
import type { ConnectionDto } from '../contract/dto/connections';
import type { Recipe } from '../recipes/types';

/** The separators Import offers ('' = detect). */
export const IMPORT_DELIMITERS = ['', ',', ';', '\t', '|'] as const;

const FILTERS = ['all', ...ITEM_STATUSES] as const;

/**
 * Rows as on screen; a name that looks like a credential, or a value shaped like a key or token, never comes
 * with its value (never stored).
 */
const rows = () =>
  z
    .array(z.tuple([z.string().max(200), z.string().max(2000)]))
    .max(50)
    .refine((list) => list.every(([k, v]) => v === '' || !mayHoldSecret(k, v)), {
      message: 'a header that may hold a credential is kept without its value',
    });

// Built at first use (../util/once.ts): every command's services import this file, few read a choice.
export const screenChoiceSchemas = once(() => ({
  import: z
    .object({
      delimiter: z.enum(IMPORT_DELIMITERS),
      encoding: z.string().refine((e) => e === '' || COMMON_ENCODINGS.some((c) => c.value === e), {
        message: 'not an encoding Import offers',
      }),
    })
    .strict() satisfies z.ZodType<ImportChoice>,
  history: z
    .object({ jobId: z.string().min(1).max(200), filter: z.enum(FILTERS), search: z.string().max(200) })
    .strict() satisfies z.ZodType<HistoryChoice>,
  recipes: z
    .object({
      recipeId: z.string().min(1).max(100).nullable(),
      connectionId: z.string().min(1).max(200).nullable(),
      skipSteps: z.array(z.string().min(1).max(40)).max(20),
      previewRow: z.number().int().min(2).max(10_000_000),
      concurrency: z.number().int().min(1).max(64).nullable(),
    })
    .strict() satisfies z.ZodType<RecipesChoice>,
  manualRows: z
    .object({ datasetId: z.string().min(1).max(200), headers: rows(), capture: rows() })
    .strict() satisfies z.ZodType<ManualRowsChoice>,
}));

const SECTIONS = Object.keys({
  import: true,
  history: true,
  recipes: true,
  manualRows: true,
} satisfies Record<keyof ScreenChoices, true>) as (keyof ScreenChoices)[];

/** desk.save's `screenChoices`: each section named is checked; null forgets it. */
export const screenChoicesPatchSchema = once(() => {
  const sections = screenChoiceSchemas();
  return z
    .object({
      import: sections.import.nullable().optional(),
      history: sections.history.nullable().optional(),
      recipes: sections.recipes.nullable().optional(),
      manualRows: sections.manualRows.nullable().optional(),
    })
    .strict() satisfies z.ZodType<ScreenChoicesPatch>;
});

/** What is kept, read back: each section that still reads as this version's; the rest dropped. */
export function readScreenChoices(json: string | null | undefined): ScreenChoices {
  if (!json) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null) return {};
  const out: Record<string, unknown> = {};
  for (const k of SECTIONS) {
    const r = screenChoiceSchemas()[k].safeParse((raw as Record<string, unknown>)[k]);
    if (r.success) out[k] = r.data;
  }
  return out as ScreenChoices;
}

/** `kept` with the sections `patch` names replaced (or forgotten: null). */
export function mergeScreenChoices(kept: ScreenChoices, patch: ScreenChoicesPatch): ScreenChoices {
  const out: Record<string, unknown> = { ...kept };
  for (const k of SECTIONS) {
    if (!(k in patch) || patch[k] === undefined) continue;
    if (patch[k] === null) delete out[k];
    else out[k] = patch[k];
  }
  return out as ScreenChoices;
}

/**
 * Rows as they may be kept: a value under a name that looks like a credential, or shaped like a key or
 * token, is not (it stays on screen only), and no more than the desk keeps (a row cut short no longer says the configuration: not shown).
 */
export function keepableRows(list: readonly [string, string][]): [string, string][] {
  return list.slice(0, 50).map(([k, v]) => [k.slice(0, 200), mayHoldSecret(k, v) ? '' : v.slice(0, 2000)]);
}

/** The rows the configuration holds: named, the last of a name twice (as Object.fromEntries reads them). */
export function committedRows(list: readonly [string, string][]): Record<string, string> {
  return Object.fromEntries(list.filter(([k]) => k.trim() !== ''));
}

/** Whether rows on screen hold more than the configuration does: one without a name, or a name twice. */
export function halfTyped(list: readonly [string, string][]): boolean {
  const named = list.filter(([k]) => k.trim() !== '');
  return named.length !== list.length || new Set(named.map(([k]) => k)).size !== named.length;
}

/**
 * The rows to show for a configuration's `entries`: the kept ones when they still say the same
 * configuration (the rows committed from them are exactly `entries`, a credential's value aside), else
 * `entries` as they are.
 */
export function rowsToShow(
  entries: Record<string, string>,
  kept: readonly [string, string][] | undefined,
): [string, string][] {
  const plain = Object.entries(entries);
  if (!kept) return plain;
  const fromKept = committedRows(kept);
  const same =
    Object.keys(fromKept).length === plain.length &&
    plain.every(
      ([k, v]) => k in fromKept && (fromKept[k] === v || (fromKept[k] === '' && mayHoldSecret(k, v))),
    );
  if (!same) return plain;
  // A credential's value is never kept: the configuration's own is shown in its row.
  return kept.map(([k, v]) => [
    k,
    v === '' && k in entries && mayHoldSecret(k, entries[k]!) ? entries[k]! : v,
  ]);
}

/**
 * What Recipes restores of its kept choice on the recipe open: the connection (Recipes replaces one gone
 * or of another API, as it does any), the row and concurrency, and the steps switched off when the choice
 * was made on this recipe and they are still its optional steps.
 */
export function recipeChoiceFor(
  recipe: Pick<Recipe, 'id' | 'steps'>,
  choice: RecipesChoice | undefined,
): Partial<Omit<RecipesChoice, 'recipeId'>> {
  if (!choice) return {};
  const optional = new Set(recipe.steps.filter((s) => s.optional).map((s) => s.id));
  return {
    connectionId: choice.connectionId,
    previewRow: choice.previewRow,
    concurrency: choice.concurrency,
    skipSteps: choice.recipeId === recipe.id ? choice.skipSteps.filter((id) => optional.has(id)) : [],
  };
}

/**
 * The connection Recipes switches to, or undefined to keep the one chosen: one of the recipe's API, the
 * sandbox's first, when the one chosen is not among them — judged only once the list is known (`loaded`:
 * read from SQLite); until then what it holds (nothing, or a connection saved meanwhile) says nothing of
 * whether the one chosen is still there.
 */
export function recipeConnectionSwitch(
  chosen: string | null,
  api: string | undefined,
  connections: { list: readonly Pick<ConnectionDto, 'id' | 'api' | 'isSandbox'>[]; loaded: boolean },
): string | undefined {
  if (!connections.loaded) return undefined;
  const usable = connections.list.filter((c) => c.api === api);
  if (usable.some((c) => c.id === chosen) || !usable[0]) return undefined;
  return (usable.find((c) => c.isSandbox) ?? usable[0]).id;
}
