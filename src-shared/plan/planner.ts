// How a template's rows are compared with the LMS. A planner is pure: given one row (as built) and what
// has been read so far, it either classifies the row or names the reads it still needs. Main's plan
// service (src-main/plan/) gathers the reads every row needs, reads them in as few calls as it can, and
// asks again, until every row is classified — so the same rows classify the same way from a live read,
// a resumed read or the synced catalog.
import type { Template } from '../connectors/types';
import type { FieldValue } from '../mapping/applyMapping';
import type { BuiltRequest } from '../mapping/types';
import type { PlanClass, PlanDiff } from './types';

/**
 * The kinds of record a plan reads, each with its own key:
 * - `cp.memberByEmail` (email, lower-cased) and `cp.memberById` (numeric id): a Coursepath member;
 * - `cp.course` (id); `cp.enrolment` (`courseId:memberId`): the member is in the course;
 * - `cp.group` (name, lower-cased): the group with that name; `cp.groupMember` (`groupId:memberId`);
 * - `ca.user`, `ca.client` (identifier): a Coassemble user or client as its list shows it;
 *   `ca.userFull`, `ca.clientFull`: the same read one by one, for the metadata a list may leave out.
 */
export type ReaderId =
  | 'cp.memberByEmail'
  | 'cp.memberById'
  | 'cp.course'
  | 'cp.enrolment'
  | 'cp.group'
  | 'cp.groupMember'
  | 'ca.user'
  | 'ca.userFull'
  | 'ca.client'
  | 'ca.clientFull';

export type LmsRecord = Readonly<Record<string, unknown>>;

/** What is known of one record: not read yet, read and not there, or read. */
export type Known = { state: 'unknown' } | { state: 'absent' } | { state: 'found'; record: LmsRecord };

export interface Knowledge {
  get(reader: ReaderId, key: string): Known;
}

export interface Need {
  reader: ReaderId;
  key: string;
}

/** One row as the plan sees it: built exactly as a job would build it. */
export interface PlanInput {
  rowNumber: number;
  template: Template;
  /** The fields' values (the mapping applied), as the request carries them. */
  values: ReadonlyMap<string, FieldValue>;
  built: BuiltRequest;
  /** What the row acts on (rowKeys.ts). */
  key: string;
}

export type Verdict =
  | {
      kind: 'need';
      reads: Need[];
      /**
       * Reads the row may need next that the same list answers: taken along while that list is paged for
       * `reads` (no call of their own), so a second round does not page through it again.
       */
      along?: Need[];
    }
  | {
      kind: 'done';
      class: PlanClass;
      diff: PlanDiff[];
      /** Why, in words, when the class alone does not say it (which member the email belongs to…). */
      note: string | null;
      /** Field values the run fills in from what was read: the member id a create-or-update updates. */
      resolved?: Readonly<Record<string, string>>;
    };

export interface Planner {
  /** The template a plan's run sends: the same one, or for a create the create-or-update. */
  runTemplateId: string;
  /** What the plan reads, in words (for the Plan screen and the CLI). */
  reads: string;
  classify(row: PlanInput, known: Knowledge): Verdict;
}

// ---------- helpers the planners share ----------

export const text = (row: PlanInput, field: string): string | null => {
  const v = row.values.get(field);
  return typeof v === 'string' && v !== '' ? v : null;
};

export const need = (...reads: Need[]): Verdict => ({ kind: 'need', reads });

export const done = (
  cls: PlanClass,
  diff: PlanDiff[] = [],
  note: string | null = null,
  resolved?: Record<string, string>,
): Verdict => ({ kind: 'done', class: cls, diff, note, ...(resolved ? { resolved } : {}) });

/** Several reads at once: the ones still unknown are needed; null when all are known. */
export function missingReads(known: Knowledge, reads: Need[]): Verdict | null {
  const unknown = reads.filter((r) => known.get(r.reader, r.key).state === 'unknown');
  return unknown.length ? need(...unknown) : null;
}

/** A record field as text ('' for null or absent), numbers as their digits. */
export function fieldText(record: LmsRecord, field: string): string {
  const v = record[field];
  if (v === null || v === undefined) return '';
  return typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : JSON.stringify(v);
}

/** A record's id as text, or null. */
export function idOf(record: LmsRecord): string | null {
  const v = record.id;
  return typeof v === 'number' || (typeof v === 'string' && v !== '') ? String(v) : null;
}
