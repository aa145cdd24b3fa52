// A recipe: an admin's real job — "onboard these 300 hires" — as an ordered list of steps, each one
// template call with its own mapping, run for every row of a file. A step reads the row's cells,
// constants, lookups, and the fields captured by the row's earlier steps (the member id "create member"
// answered); it can run only when a cell says so (`when`) and once per value of a cell that lists several
// (`forEach`). Recipes are plain data, saved as readable JSON or YAML files (recipeFile.ts).
import type { ApiKind } from '../connectors/types';
import type { Mapping } from '../mapping/types';

/** The recipe file format's version; a newer file is refused by an older app with a message. */
export const RECIPE_VERSION = 1;

export interface Recipe {
  /** Stable id, e.g. `coursepath.onboard`: letters, digits, `.`, `_`, `-`. Jobs keep it. */
  id: string;
  name: string;
  api: ApiKind;
  description?: string;
  /** The file format's version (1). */
  version?: number;
  steps: RecipeStep[];
}

export interface RecipeStep {
  /**
   * Unique in the recipe (`member`, `courses`): later steps read this step's captured fields as the
   * virtual column `@<id>.<label>`, e.g. `@member.Member ID`.
   */
  id: string;
  /** As shown to the admin: "Enrol in courses". */
  name: string;
  /** A catalog template id (the manual configuration cannot be a step). */
  template: string;
  /** Template field → where its value comes from; besides the file's columns, `@value` and `@<step>.<label>`. */
  mapping: Mapping;
  /** Only rows where this holds run the step; the others show it as not applicable. */
  when?: StepCondition;
  /** Run the step once per value listed in a cell (`Fire Safety; Code of Conduct`); each value is its own item. */
  forEach?: FanOut;
  /** The admin may switch the step off for a run (the built-in onboarding's invitation). */
  optional?: boolean;
}

/** A condition on one cell: not empty (after trimming), or equal to a value (trimmed, case ignored). */
export type StepCondition = { column: string; notEmpty: true } | { column: string; equals: string };

export interface FanOut {
  column: string;
  /** What separates the values in the cell, e.g. `;`. Values are trimmed; empty ones and repeats are dropped. */
  separator: string;
}

/** The fan-out value of the item being built, for a `forEach` step's mapping. */
export const VALUE_COLUMN = '@value';

/** The virtual column holding the field `label` captured by step `stepId` of the same row. */
export const captureColumn = (stepId: string, label: string) => `@${stepId}.${label}`;

/** `@member.Member ID` → { step: 'member', label: 'Member ID' }; null for an ordinary column or `@value`. */
export function parseCaptureColumn(column: string): { step: string; label: string } | null {
  const m = /^@([A-Za-z0-9_-]+)\.(.+)$/.exec(column);
  return m ? { step: m[1]!, label: m[2]! } : null;
}

/** Whether a column name is one of the recipe's virtual columns rather than the file's. */
export const isVirtualColumn = (column: string) =>
  column === VALUE_COLUMN || parseCaptureColumn(column) !== null;

/** Why an item of a recipe was not sent (besides a step's outcome): its condition, or no values to fan out. */
export type NotApplicable = { kind: 'condition' | 'noValues'; note: string };
