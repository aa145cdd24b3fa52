// Choices made on the screens that are not work in themselves but would be missed after a reload or a
// restart: how to read the next import, what History shows of the job open, what Recipes runs with, and a
// manual header or response field half typed on Map. Kept with the desk (desk_state.screen_choices_json,
// migration 28) as one small JSON, a section per screen; each section is checked on its own when read, so
// one a later version no longer reads is dropped and the others stay. Never a secret: a header that looks
// like a credential is kept by its name only (src-shared/desk/screenChoices.ts).
// Part of the contract between renderer and main (../api.ts).
import type { ItemStatus } from './jobs';

/** Import: the separator and encoding chosen for the next import ('' = detect). */
export interface ImportChoice {
  delimiter: string;
  encoding: string;
}

/** History: the job open, and the filter and search over its rows. */
export interface HistoryChoice {
  jobId: string;
  filter: ItemStatus | 'all';
  /** As typed (the grid searches for it trimmed). */
  search: string;
}

/** Recipes: the recipe open, the connection, the optional steps switched off, the row shown, the pinned concurrency. */
export interface RecipesChoice {
  recipeId: string | null;
  connectionId: string | null;
  /** Step ids of `recipeId`'s steps. */
  skipSteps: string[];
  previewRow: number;
  /** Requests in flight, pinned; null: automatic. */
  concurrency: number | null;
}

/**
 * Map's manual configuration: its header and response-field rows as on screen, with those not in the
 * configuration yet (no name, or a name twice). Only for the file and manual template it was typed on.
 */
export interface ManualRowsChoice {
  datasetId: string;
  headers: [string, string][];
  capture: [string, string][];
}

export interface ScreenChoices {
  import?: ImportChoice;
  history?: HistoryChoice;
  recipes?: RecipesChoice;
  manualRows?: ManualRowsChoice;
}

/** A save changes only the sections it names; null forgets one. */
export type ScreenChoicesPatch = { [K in keyof ScreenChoices]?: ScreenChoices[K] | null };
