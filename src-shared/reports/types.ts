// Plain rows the reports are computed from, whatever LMS they came from. main reads them from the synced
// tables (src-main/db/reports.ts); the reports themselves are pure functions over these arrays, so a test
// can feed them rows built by hand or straight from the sandbox's state.
import type { ApiKind } from '../connectors/types';

/** Which connection a row came from, shown as the report's "Source" column when several are combined. */
export interface SourceRef {
  connectionId: string;
  /** The connection's name, e.g. "Sandbox · Coursepath". */
  source: string;
  api: ApiKind;
}

export interface CourseRow extends SourceRef {
  courseId: string;
  title: string;
  /** Coassemble: published | draft; Coursepath: the course's status. */
  status: string | null;
}

export interface LearnerRow extends SourceRef {
  /** Coassemble user identifier or Coursepath member id. */
  learnerId: string;
  email: string | null;
  name: string | null;
  /** Coassemble: the client's company (metadata) or its identifier; Coursepath: the member's company. */
  company: string | null;
  department: string | null;
  /** Coassemble clientIdentifier; null for Coursepath (it has no clients). */
  client: string | null;
  /** Coursepath admin | learner; null for Coassemble users. */
  role: string | null;
}

/** One learner in one course: a Coassemble tracking or a Coursepath course member with their result. */
export interface EnrolmentRow {
  connectionId: string;
  courseId: string;
  learnerId: string;
  /** Epoch ms. Coassemble `commenced`, Coursepath `started`. */
  startedAt: number | null;
  completedAt: number | null;
  /** 0–100. */
  progress: number | null;
  /** 0–100. */
  score: number | null;
  /**
   * Whether the assessment was passed (Coassemble `passed`, Coursepath `success`); null where the course
   * has none or the LMS did not say. Not kept in snapshots (progress between dates does not need it): null there.
   */
  passed: boolean | null;
}

/** One screen of a Coassemble course, with its screen type (the content format). */
export interface ScreenRow {
  connectionId: string;
  courseId: string;
  typeName: string;
  typeTitle: string;
}

export interface SyncedData {
  courses: CourseRow[];
  learners: LearnerRow[];
  enrolments: EnrolmentRow[];
  screens: ScreenRow[];
}

export const courseKey = (connectionId: string, courseId: string): string => `${connectionId}:${courseId}`;
export const learnerKey = (connectionId: string, learnerId: string): string => `${connectionId}:${learnerId}`;

// ---------- What the screen shows and CSV writes ----------

export type ColumnType = 'text' | 'number' | 'percent' | 'date';

export interface ReportColumn {
  key: string;
  label: string;
  type: ColumnType;
}

export type Cell = string | number | null;

export interface ReportTable {
  title: string;
  columns: ReportColumn[];
  rows: Record<string, Cell>[];
}

export type ChartSpec =
  /**
   * `group`: the source of the bar when several connections are combined (drawn in its own colour).
   * `empty`: what to say instead when there is no bar, if more is known than "nothing to chart".
   */
  | { kind: 'bar'; title: string; unit: string; max: number | null; bars: { label: string; value: number; group?: string }[]; empty?: string }
  /** `x`, `y`: what each axis counts, written beside it (e.g. "Score (0–100)", "Number of scores"). */
  | { kind: 'histogram'; title: string; x: string; y: string; bins: { label: string; count: number }[] };

export interface ReportView {
  name: ReportName;
  title: string;
  /** One sentence: what is counted and how. */
  description: string;
  /** The first table is the report; CSV export writes the table asked for (default the first). */
  tables: ReportTable[];
  chart: ChartSpec | null;
  /** Things the admin should know, e.g. "screen types: not available from this API (404)". */
  notes: string[];
  /**
   * The notes saying the figures are partial — a connection's latest sync did not finish (failed, stopped,
   * or still running) — when the report counts its figures; absent when they are whole. The CLI exits 1 on
   * them, and a CSV of the report says so on its first line.
   */
  partial?: string[];
  /**
   * A choice to make before there is any report (compliance with no course chosen): shown in place of
   * the tables, chart and exports, which are empty meanwhile.
   */
  prompt?: string;
}

export type ReportName =
  | 'completionRate'
  | 'startedNotFinished'
  | 'scores'
  | 'timeToCompletion'
  | 'compliance'
  | 'contentFormats'
  | 'progressOverTime';

/** Every report, in the order the Reports screen and `bulk-desk reports run --help` list them. */
export const REPORT_NAMES: readonly ReportName[] = [
  'completionRate',
  'startedNotFinished',
  'scores',
  'timeToCompletion',
  'compliance',
  'contentFormats',
  'progressOverTime',
];

/** What to report on. No `connectionIds`: every synced connection, combined. */
export type ReportRequest = { connectionIds?: string[] } & (
  | { name: 'completionRate' }
  | { name: 'startedNotFinished' }
  | { name: 'scores' }
  | { name: 'timeToCompletion'; by: 'course' | 'cohort' }
  | { name: 'compliance'; courseKeys: string[]; by: ComplianceDimension }
  | { name: 'contentFormats' }
  | { name: 'progressOverTime'; from: number; to: number }
);

export type ComplianceDimension = 'client' | 'company' | 'department';

/** A synced course, for choosing the required set of a compliance report. */
export interface CourseOption extends CourseRow {
  /** `connectionId:courseId`, what ReportRequest.courseKeys holds. */
  key: string;
}
