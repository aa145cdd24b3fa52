// Plans: a file compared with the LMS before anything is sent, row by row.
// Part of the contract between renderer and main (../api.ts).
import type { PlanCounts, PlanDiff, PlanRowClass, PlanSource, PlanState } from '../../plan/types';

/**
 * A plan (src-shared/plan/): what a file would do to the academy, each row compared with the LMS's current
 * state and classified create, update, unchanged, conflict or missing (or invalid, or a duplicate of an
 * earlier row). Stored with the dataset; running it sends only the creates and updates.
 */
export interface PlanDto {
  id: string;
  datasetId: string;
  fileName: string;
  connectionId: string;
  connectionName: string;
  templateId: string;
  templateName: string;
  /** What running it sends: the same template, or for "create member" the create-or-update. */
  runTemplateId: string;
  runTemplateName: string;
  /** Read live, or from the synced catalog of that date (its age is shown). */
  source: PlanSource;
  /** `reading` while it reads the LMS (see `plan:progress`); `interrupted` when stopped: resume it. */
  state: PlanState;
  error: string | null;
  counts: PlanCounts;
  rows: number;
  /** API calls its reads made (a list page is one call). */
  calls: number;
  /** Records read so far. */
  reads: number;
  /** What the plan reads, in words. */
  readsWhat: string;
  createdAt: number;
  finishedAt: number | null;
  /** Rows its run sends (creates and updates), and the phrase a destructive run needs for them. */
  toSend: number;
  confirmation: string | null;
  /** The job its run made; a plan runs once (plan again to see what is left). */
  jobId: string | null;
  /**
   * Out of date: the jobs that sent writes to its connection since it read the LMS (or since the synced
   * catalog it compared with), its own job left out; empty when none did, or once it ran. Its counts are
   * the LMS as it was: plan again rather than send them.
   */
  sentSince: SentSinceJob[];
}

/** A job that wrote to a plan's connection after the plan read it, and how many of its rows did. */
export interface SentSinceJob {
  id: string;
  templateName: string;
  fileName: string;
  rows: number;
}

export interface PlanRowDto {
  rowNumber: number;
  class: PlanRowClass;
  /** What the row acts on (rowKeys.ts), e.g. `email=ann@example.com`. */
  key: string | null;
  /** The fields that differ, old → new (a create: every field it sets, from nothing). */
  diff: PlanDiff[];
  note: string | null;
  /** The request running the plan sends for this row, e.g. `POST /api/v1/members/1042`; null when not sent. */
  call: string | null;
}

export interface PlanProgress {
  planId: string;
  state: PlanState;
  calls: number;
  reads: number;
  /** What it is reading now, in words. */
  label: string;
}
