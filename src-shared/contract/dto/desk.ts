// The app itself and where the admin was in it.
// Part of the contract between renderer and main (../api.ts).
import type { Recipe } from '../../recipes/types';
import type { ComplianceDimension, ReportName } from '../../reports/types';
import type { ScreenChoices } from './screenChoices';

export interface AppInfo {
  version: string;
  dataDir: string;
  sandboxUrl: string | null;
}

/**
 * Run's options as the admin set them on the screen (before they become a job's options): kept with the
 * desk, so a reload or a restart does not put the defaults back silently.
 */
export interface RunOptionsForm {
  /** Requests per second as typed; empty means the connection's default. */
  ratePerSecond: string;
  /** Requests in flight, pinned; null means automatic (from the connection's default, then learned). */
  concurrency: number | null;
  maxAttempts: number;
  dryRun: boolean;
  /** The failure-rate breaker: pause when more than `failures` of the last `window` rows fail; off allowed. */
  breaker: { failures: number; window: number; off: boolean };
  /** Canary rows as typed; empty means the default (5 on a real LMS, off on the sandbox). */
  canary: string;
  readBack: 'canary' | 'all' | 'off';
}

/** A recipe being edited on Recipes and not saved yet (`builtIn`: a copy of a built-in one). */
export interface RecipeDraft {
  recipe: Recipe;
  builtIn: boolean;
}

/**
 * The admin's choices on Reports: kept with the desk, so a reload or a restart opens the same report with
 * the same courses and dates. A course or sync run gone since (a new sync) is dropped when Reports loads.
 */
export interface ReportChoice {
  report: ReportName;
  cohortBy: 'course' | 'cohort';
  /** `connectionId:courseId` of the courses everyone must complete (Training compliance). */
  complianceKeys: string[];
  complianceBy: ComplianceDimension;
  /** Completed sync run ids for "Progress between two dates"; null is the default (first sync / latest). */
  fromRunId: number | null;
  toRunId: number | null;
  /**
   * What each course and sync run chosen was called when chosen (by course key, or `run:<id>`), so one gone
   * since can be named when it is dropped; absent in a choice kept before they were.
   */
  names?: Record<string, string>;
}

/** Where the admin was: the import being worked on, the screen and Run's options, so a restart opens them again. */
export interface DeskStateDto {
  /** The recipe being edited and not saved yet; absent when there is none. */
  recipeDraft?: RecipeDraft;
  /** Run's options as last set; null until they are. */
  runOptions?: RunOptionsForm | null;
  /** The choices on Reports; absent until the admin chooses there. */
  reportChoice?: ReportChoice;
  /** The other screens' choices (Import, History, Recipes, Map's manual rows); absent until one is made. */
  screenChoices?: ScreenChoices;
  datasetId: string | null;
  screen: DeskScreen | null;
  updatedAt: number | null;
}

export type DeskScreen =
  'connections' | 'import' | 'map' | 'preview' | 'plan' | 'run' | 'recipes' | 'history' | 'reports';
