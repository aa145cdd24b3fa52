// Recipes: multi-step runs, their checks before sending and their preview.
// Part of the contract between renderer and main (../api.ts).
import type { Recipe } from '../../recipes/types';
import type { ItemStatus, SkipReason, RecipeStepHeading } from './jobs';
import type { RequestPreview } from './requests';

/** A recipe as the app holds it: built in (read-only), or saved by the admin. */
export interface RecipeDto {
  recipe: Recipe;
  builtIn: boolean;
  savedAt: number | null;
  /** What is wrong with it without a file (a step's unknown template, an unmapped required field…). */
  issues: RecipeIssueDto[];
}

export interface RecipeIssueDto {
  /** The step's index (0-based), or null for the recipe as a whole. */
  step: number | null;
  field: string | null;
  level: 'error' | 'warning';
  message: string;
}

/** What a recipe run of a file would do, step by step, before anything is sent (`recipes.preflight`). */
export interface RecipePreflightDto {
  rows: number;
  /** Items over all steps (a step that fans out makes one per listed value). */
  items: number;
  /** Problems of the recipe with this file (errors stop the run). */
  issues: RecipeIssueDto[];
  steps: (RecipeStepHeading & {
    counts: {
      items: number;
      wouldSend: number;
      /**
       * Of `wouldSend`, the writes undo reads the target of just before (an enrolment, a group add, their
       * removals): one more request each when undo is on, none with it off (src-shared/undo/recipeRequests.ts).
       */
      readsBefore: number;
      duplicate: number;
      alreadySent: number;
      /** Cannot be built (an unknown course title…): fails at once, and blocks the row's later steps. */
      invalid: number;
      /** Behind an earlier step of its row that cannot be built: not sent until that is fixed. */
      blocked: number;
      /** Condition not met, or no values listed. */
      notApplicable: number;
      /**
       * Items whose request needs an earlier step's answer (a member id): counted in `wouldSend`; whether
       * they repeat a key or were already sent is decided when they are sent.
       */
      decidedWhenSent: number;
    };
  })[];
  /** Items that cannot be built, with why (the first 200). */
  invalid: { rowNumber: number; step: number; value: string | null; message: string }[];
  /** Items skipped because an earlier row has the same key (the first 200); a long key cut (shortValue). */
  duplicates: { rowNumber: number; step: number; firstRow: number; key: string }[];
  /** The phrase the run needs when it has destructive steps, else null. */
  confirmation: string | null;
  connection: { id: string; name: string; isSandbox: boolean };
}

/** One row through every step of a recipe: each item's request, as the runner would build it. */
export interface RecipePreviewDto {
  rowNumber: number;
  steps: {
    id: string;
    name: string;
    templateName: string;
    items: {
      fanValue: string | null;
      /** Why the item is not sent at all (its condition, no values); null when it is. */
      notApplicable: string | null;
      /** Fields an earlier step captures appear as `{member.Member ID}` until that step has run. */
      request: RequestPreview | null;
    }[];
  }[];
  issues: RecipeIssueDto[];
}

/** A row of a recipe job with its steps, for History's timeline (`recipes.rows`). */
export interface RecipeRowDto {
  rowNumber: number;
  /** The row as a whole: done, failed (a step failed: later ones blocked), in doubt, or still going. */
  outcome: 'done' | 'failed' | 'in_doubt' | 'running' | 'waiting';
  steps: {
    step: number;
    items: {
      id: number;
      status: ItemStatus;
      fanValue: string | null;
      skipReason: SkipReason | null;
      responseStatus: number | null;
      error: string | null;
      note: string | null;
      captured: Record<string, string> | null;
      attempts: number;
    }[];
  }[];
}
