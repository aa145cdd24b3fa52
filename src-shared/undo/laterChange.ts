// Has a row's target changed since the job being undone wrote it? An undo puts back the state read before
// the job; if the admin, another job or the learner has moved the target since, that write would silently
// overwrite the later change (a company set by hand this morning, a learner's progress in a course this
// job enrolled them in). The undo job reads each target just before its write (src-main/runner/
// priorState.ts); these compare that read with what the job wrote there and say what moved. Pure: the
// inverses declare which comparison applies (inverses.ts, `laterChange`).
import { sentValue } from '../connectors/rowIdempotent';
import { sameValue } from '../connectors/sameValue';
import type { Template } from '../connectors/types';
import type { BuiltRequest } from '../mapping/types';
import { isJsonObject, parseJsonOrUndefined } from '../util/json';
import { rawProperty } from '../util/jsonRaw';
import { quoteValue } from '../util/quoteValue';

/** What the undo job knows of a target just before undoing it. */
export interface LaterInput {
  /** The template of the job being undone. */
  template: Template;
  /**
   * Every request that job wrote to this target as stored (more than one where rows repeat a target:
   * duplicates allowed). Its value of a field is any of theirs — sent concurrently, which landed last is
   * not known — so only a value none of them wrote counts as a later change.
   */
  writes: readonly BuiltRequest[];
  /** The target as read just before the undo's write (a 2xx JSON answer). */
  now: string;
  /**
   * The write the undo is about to make, and its template: a field it does not send (a Coassemble name
   * that was empty before the job, which the undo cannot clear) is left as it is, so a change to it since
   * is not overwritten and does not hold the row. Absent: every field the job wrote counts.
   */
  undo?: { template: Template; request: BuiltRequest };
}

/** A later change: what moved, and what undoing the row would do to it. */
export interface LaterChange {
  /** "company is "Later Co" in the LMS now; this job wrote "Two Co"". */
  what: string;
  /** After "undoing this row would": "overwrite that change". */
  loses: string;
}

const OVERWRITE = 'overwrite that change';
const shown = (v: string) => (v === '' ? '(empty)' : quoteValue(v));
const text = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

/** The values the job wrote to `field` (distinct, in the order written), or none when no request sent it. */
function written(x: LaterInput, field: string): string[] {
  const out: string[] = [];
  for (const w of x.writes) {
    const v = sentValue(x.template, w, field);
    if (v !== null && !out.includes(v)) out.push(v);
  }
  return out;
}

/**
 * Field by field, the fields the job wrote whose value in the LMS now is none of what it wrote. Compared
 * as a read-back compares them (connectors/sameValue.ts), so what the LMS tidied on
 * saving does not read as a change.
 */
export function fieldsChanged(
  x: LaterInput,
  fields: readonly string[],
  what: string,
  caseless: ReadonlySet<string> = new Set(),
): LaterChange | null {
  const now = parseJsonOrUndefined(x.now);
  if (!isJsonObject(now))
    return {
      what: `${what} as read just now is not a JSON object, so whether it changed since this job is not known`,
      loses: OVERWRITE,
    };
  const moved: string[] = [];
  for (const f of fields) {
    const wrote = written(x, f);
    if (!wrote.length) continue;
    if (x.undo && sentValue(x.undo.template, x.undo.request, f) === null) continue; // the undo leaves it as it is
    // Not in the answer at all (response field names are not documented): not known, so not overwritten.
    if (!Object.hasOwn(now, f)) {
      moved.push(`${f} is not in what the LMS answered, so whether it changed since is not known`);
      continue;
    }
    const held = text(now[f]);
    if (!wrote.some((v) => sameValue(v, held, caseless.has(f))))
      moved.push(`${f} is ${shown(held)} in the LMS now; this job wrote ${wrote.map(shown).join(' or ')}`);
  }
  return moved.length ? { what: `${what}'s ${moved.join(', ')}`, loses: OVERWRITE } : null;
}

/** Coassemble metadata, replaced whole: the object now against each the job wrote, as JSON values. */
export function metadataChanged(x: LaterInput, what: string): LaterChange | null {
  const wrote = written(x, 'metadata');
  if (!wrote.length) return null;
  if (x.undo && sentValue(x.undo.template, x.undo.request, 'metadata') === null) return null;
  const raw = rawProperty(x.now, 'metadata') ?? '{}';
  // Keys in any order: an object's key order means nothing to Coassemble, and an LMS may reorder them.
  const canonical = (s: string) => JSON.stringify(sortedKeys(parseJsonOrUndefined(s) ?? s));
  if (wrote.some((v) => canonical(v) === canonical(raw))) return null;
  return {
    what: `${what}'s metadata is ${quoteValue(raw)} in the LMS now, not what this job wrote`,
    loses: OVERWRITE,
  };
}

function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (!isJsonObject(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortedKeys(v[k])]),
  );
}

/** A status saying the learner has not begun: anything else reads as begun (the words are not documented). */
const NOT_BEGUN = /^(not[\s_-]?started|enrolled|assigned|new|pending|none)?$/i;
/** Where a completed date may be: the result names one, its field name is not documented (coursepath-api.md §8.7). */
const COMPLETED = ['completed', 'completedAt', 'completed_at', 'completedDate', 'completed_date'];
const present = (v: unknown) => v !== null && v !== undefined && v !== false && v !== '';

/**
 * A course result that holds learning, in words ("progress 40, score 82"); null when none. Coursepath
 * documents score, success, a completed date and the certificate; status, progress and a start date are
 * the sandbox's and may be absent. Removing an enrolment deletes all of it for good, so any sign of
 * learning counts; a status word other than the not-begun ones counts too.
 */
export function learningHeld(body: string): string | null {
  const r = parseJsonOrUndefined(body);
  if (!isJsonObject(r)) return null;
  const parts: string[] = [];
  if (typeof r.status === 'string' && !NOT_BEGUN.test(r.status.trim())) parts.push(`status ${r.status}`);
  if (typeof r.progress === 'number' ? r.progress > 0 : present(r.progress) && r.progress !== '0') parts.push(`progress ${String(r.progress)}`);
  if (present(r.started) && typeof r.status !== 'string') parts.push('started');
  if (COMPLETED.some((k) => present(r[k])) && !(typeof r.status === 'string' && /complet/i.test(r.status))) parts.push('completed');
  if (r.score !== null && r.score !== undefined) parts.push(`score ${String(r.score)}`);
  if (r.success !== null && r.success !== undefined) parts.push(r.success === true ? 'passed' : r.success === false ? 'not passed' : `success ${String(r.success)}`);
  if (present(r.certificate)) parts.push('a certificate');
  return parts.length ? parts.join(', ') : null;
}

/** An enrolment the job made, now holding the learner's work: removing it would delete that work. */
export function progressedSince(x: LaterInput): LaterChange | null {
  const held = learningHeld(x.now);
  return held
    ? {
        what: `the member has learning results in the course since this job enrolled them (${held})`,
        loses:
          'delete those results (Coursepath deletes them with the enrolment, and nothing puts them back)',
      }
    : null;
}
