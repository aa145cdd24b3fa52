// How each template's rows are undone: the compensating template, and per row the values it is sent
// with — from what the row sent and what its target was before (priorReads.ts) — or why the row has
// nothing to undo, or cannot be undone. Pure; src-main/undo/ reads the rows and makes the undo job.
//
// One compensating template per template, so an undo job is an ordinary job of one template. Rows whose
// reversal would need another call (an upsert that created the user: only a delete takes it back) are
// listed as not undone, with the reason, rather than mixed in.
import { MANUAL_TEMPLATE_ID } from '../connectors/customTemplate';
import { sentValue } from '../connectors/rowIdempotent';
import type { Template } from '../connectors/types';
import type { BuiltRequest } from '../mapping/types';
import { groupNames } from '../connectors/readBacks';
import { isJsonObject, parseJsonOrUndefined } from '../util/json';
import { rawProperty } from '../util/jsonRaw';
import { fieldsChanged, learningHeld, metadataChanged, progressedSince, type LaterChange, type LaterInput } from './laterChange';
import type { PriorVerdict } from './priorReads';

/** What the undo job knows of one row of the original job. */
export interface UndoInput {
  template: Template;
  /** The request the row's last send carried (the one that succeeded), as stored. */
  sent: BuiltRequest;
  /** The target as read just before the write; null when no read was kept (undo off, or no read exists). */
  prior: PriorVerdict | null;
  /** Response fields the template keeps (a created course's id). */
  captured: Readonly<Record<string, string>> | null;
}

export type RowUndo =
  /** Sent by the undo job: the compensating template's field values (field key → cell), and any caveats. */
  | { kind: 'undo'; values: Record<string, string>; warnings: string[]; sendEmpty?: string[] }
  /** The row left the target as it was (already enrolled, already deleted…): nothing to send. */
  | { kind: 'nothing'; why: string }
  | { kind: 'cannot'; why: string };

/**
 * An undo that sends the opposite call but cannot give back all the job took: what it restores and what
 * stays lost, said wherever the undo is offered (a confirmation, History) so "can be undone" never
 * promises data that cannot come back.
 */
export interface PartialUndo {
  /** What sending the inverse does, after "Undo": "enrols them again". */
  restores: string;
  /** What it does not bring back: "their learning results … are gone for good". */
  lost: string;
}

export interface InverseSpec {
  /** The compensating template's id. */
  inverse: string;
  /** The compensating template's fields the undo fills, in order: the undo job's columns. */
  columns: readonly string[];
  /** Said once for the whole undo (what no single row shows). */
  note?: string;
  /** Set where the inverse does not restore everything the job removed. */
  partial?: PartialUndo;
  derive(x: UndoInput): RowUndo;
  /**
   * Read just before the undo's write: whether the target moved since the job wrote it (laterChange.ts),
   * in which case the undo leaves it as it is. Absent where putting the old state back cannot overwrite
   * anything later (a removal from a group, a course's restore).
   */
  laterChange?(x: LaterInput): LaterChange | null;
  /**
   * The target is not found just before the undo's write, though the job wrote it: deleted since. Set
   * where the undo's write would create it again (an upsert), which undoing must not do; absent where
   * "not found" means the undo has nothing left to do (a removal found already gone).
   */
  goneSince?: LaterChange;
}

const sent = (x: UndoInput, key: string) => sentValue(x.template, x.sent, key);

const text = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;

/** Every key value the row sent, or null when one is missing (a request that cannot be read back). */
function keys(x: UndoInput, names: readonly string[]): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = sent(x, n);
    if (v === null || v === '') return null;
    out[n] = v;
  }
  return out;
}

const UNREADABLE_REQUEST: RowUndo = {
  kind: 'cannot',
  why: 'the request this row sent could not be read back from the history (it may have been cut for its size)',
};

/** A row whose undo depends on the state before, when none was kept. */
function notRead(prior: PriorVerdict | null, what: string): { kind: 'cannot'; why: string } | null {
  if (prior === null)
    return { kind: 'cannot', why: `${what} before this job is not known: it was not read before the write (undo was off)` };
  if (prior.kind === 'unreadable') return { kind: 'cannot', why: `${what} before this job could not be read (${prior.why})` };
  return null;
}

/** Said once for an undo that puts values back: what it does with a value changed since. */
const laterChangeNote = (what: string) =>
  `Just before each write the ${what} is read again: where a value this job wrote has changed since (by hand, or by a later job), the row is not written, so that change stays, and it fails saying what changed.`;

/** Swaps one template for another on the same key fields, e.g. enrol ↔ remove from course. */
function swap(
  inverse: string,
  fields: readonly string[],
  judge?: (x: UndoInput) => RowUndo | null,
  note?: string,
): InverseSpec {
  return {
    inverse,
    columns: fields,
    ...(note ? { note } : {}),
    derive(x) {
      const values = keys(x, fields);
      if (!values) return UNREADABLE_REQUEST;
      const verdict = judge?.(x);
      if (verdict && verdict.kind !== 'undo') return verdict;
      return { kind: 'undo', values, warnings: verdict?.kind === 'undo' ? verdict.warnings : [] };
    },
  };
}

// ----- Coursepath -----

const enrolUndo: InverseSpec = {
  ...swap('coursepath.courses.unenrol', ['courseId', 'memberId'], (x) => {
    const unknown = notRead(x.prior, 'Whether the member was enrolled');
    if (unknown) return { kind: 'cannot', why: `${unknown.why}; removing a member from a course deletes their results, so it is not guessed` };
    if (x.prior!.kind === 'state') return { kind: 'nothing', why: 'the member was already enrolled before this job' };
    return null;
  }),
  // Since the enrolment the learner may have started: removing it now would delete their work.
  laterChange: progressedSince,
  note: 'Just before each removal the enrolment is read again: a member who has learning results in the course since this job enrolled them stays enrolled (removing them would delete those results), and the row fails saying so.',
};

const unenrolUndo = swap('coursepath.courses.enrol', ['courseId', 'memberId'], (x) => {
  if (x.prior?.kind === 'absent') return { kind: 'nothing', why: 'the member was not enrolled before this job' };
  const held = x.prior?.kind === 'state' ? learningHeld(x.prior.body) : null;
  return {
    kind: 'undo',
    values: {},
    warnings: held
      ? [`enrolled again, but the learning results the removal deleted (${held}) are not restored: Coursepath has no call to put them back`]
      : [],
  };
});

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

const groupAddUndo = swap('coursepath.groups.remove', ['memberId', 'name'], (x) => {
  const unknown = notRead(x.prior, 'Whether the member was in the group');
  if (unknown) return unknown;
  if (x.prior!.kind === 'absent') return { kind: 'cannot', why: 'the member was not found before this job' };
  const names = groupNames((x.prior as { body: string }).body);
  if (!names) return { kind: 'cannot', why: "the member's groups before this job could not be read (not a list)" };
  const name = sent(x, 'name') ?? '';
  if (names.some((n) => sameName(n, name))) return { kind: 'nothing', why: `the member was already in group ${name} before this job` };
  return null;
});

const groupRemoveUndo = swap('coursepath.groups.add', ['memberId', 'name'], (x) => {
  if (x.prior?.kind !== 'state') return null;
  const names = groupNames(x.prior.body);
  const name = sent(x, 'name') ?? '';
  if (names && !names.some((n) => sameName(n, name))) return { kind: 'nothing', why: `the member was not in group ${name} before this job` };
  return null;
});

/** Member profile fields an update can send, as the member read names them. */
const MEMBER_FIELDS = ['email', 'name', 'firstname', 'lastname', 'company', 'department', 'country', 'externalId'];
const NAME_FIELDS = new Set(['name', 'firstname', 'lastname']);
/** Compared without case, as a read-back compares them (connectors/readBacks.ts). */
const CASELESS_MEMBER = new Set(['email', 'country']);

const memberUpdateUndo: InverseSpec = {
  inverse: 'coursepath.members.update',
  columns: ['memberId', ...MEMBER_FIELDS],
  derive(x) {
    const id = keys(x, ['memberId']);
    if (!id) return UNREADABLE_REQUEST;
    const unknown = notRead(x.prior, "The member's profile");
    if (unknown) return unknown;
    if (x.prior!.kind === 'absent') return { kind: 'cannot', why: 'the member was not found before this job' };
    const before = parseJsonOrUndefined((x.prior as { body: string }).body);
    if (!isJsonObject(before)) return { kind: 'cannot', why: "the member's profile before this job is not a JSON object" };
    const fields = MEMBER_FIELDS.filter((f) => sent(x, f) !== null);
    // A name is split into first and last name by the LMS: give both back with it, so the split cannot move a word.
    if (fields.some((f) => NAME_FIELDS.has(f))) for (const f of NAME_FIELDS) if (!fields.includes(f)) fields.push(f);
    const values: Record<string, string> = { ...id };
    const sendEmpty: string[] = [];
    const warnings: string[] = [];
    let changed = false;
    for (const f of MEMBER_FIELDS.filter((k) => fields.includes(k))) {
      const was = text(before[f]) ?? '';
      values[f] = was;
      const now = sent(x, f);
      if (now !== null && now !== was) changed = true;
      if (was === '') {
        sendEmpty.push(f);
        if (now !== null && now !== '')
          warnings.push(`${f} was empty before this job: the undo sends it empty (whether Coursepath clears a field sent empty is not documented; the read-back shows it)`);
      }
    }
    if (!changed) return { kind: 'nothing', why: 'the member already had the values this row sent' };
    return { kind: 'undo', values, warnings, ...(sendEmpty.length ? { sendEmpty } : {}) };
  },
  laterChange: (x) => fieldsChanged(x, MEMBER_FIELDS, 'the member', CASELESS_MEMBER),
  note: laterChangeNote('member'),
};

// ----- Coassemble -----

/** The metadata raw as the LMS wrote it, so it goes back byte for byte; null when it had none. */
function rawMetadata(body: string): string | null {
  const raw = rawProperty(body, 'metadata');
  return raw !== undefined && raw.startsWith('{') ? raw : null;
}
const sameJson = (a: string, b: string) => JSON.stringify(parseJsonOrUndefined(a)) === JSON.stringify(parseJsonOrUndefined(b));

function identityUndo(kind: 'user' | 'client', fields: readonly ('clientIdentifier' | 'name')[]): InverseSpec {
  return {
    inverse: `coassemble.${kind}s.upsert`,
    columns: ['identifier', ...fields, 'metadata'],
    derive(x) {
      const id = keys(x, ['identifier']);
      if (!id) return UNREADABLE_REQUEST;
      const unknown = notRead(x.prior, `The ${kind}'s metadata`);
      if (unknown) return unknown;
      if (x.prior!.kind === 'absent')
        return {
          kind: 'cannot',
          why: `the ${kind} did not exist before this job: undoing it would mean deleting the ${kind}${kind === 'user' ? ' with any tracking since' : ' with its users and courses'}, which Bulk Desk leaves to you (Coassemble: delete ${kind})`,
        };
      const body = (x.prior as { body: string }).body;
      const before = parseJsonOrUndefined(body);
      if (!isJsonObject(before)) return { kind: 'cannot', why: `the ${kind} before this job is not a JSON object` };
      const values: Record<string, string> = { ...id };
      const warnings: string[] = [];
      let changed = false;
      for (const f of fields) {
        const now = sent(x, f);
        if (now === null) continue;
        const was = text(before[f]);
        if (was === null || was === '') {
          if (now !== '') {
            changed = true;
            warnings.push(`${f} was empty before this job and Coassemble takes no empty ${f}: it stays "${now}"`);
          }
          continue;
        }
        values[f] = was;
        if (was !== now) changed = true;
      }
      const sentMeta = sent(x, 'metadata');
      if (sentMeta !== null) {
        const raw = rawMetadata(body);
        values.metadata = raw ?? '{}';
        if (!raw) warnings.push('it had no metadata before this job: the undo sets it to {}');
        if (!sameJson(values.metadata, sentMeta)) changed = true;
      }
      if (!changed) return { kind: 'nothing', why: `the ${kind} already had what this row sent` };
      return { kind: 'undo', values, warnings };
    },
    laterChange: (x) => fieldsChanged(x, fields, `the ${kind}`) ?? metadataChanged(x, `the ${kind}`),
    // The upsert creates what it does not find: a user or client deleted since is not brought back.
    goneSince: { what: `the ${kind} is no longer in the LMS (deleted since this job)`, loses: `create it again` },
    note: laterChangeNote(kind),
  };
}

type CourseState = 'published' | 'draft' | 'deleted';
function courseState(body: string): CourseState | null {
  const c = parseJsonOrUndefined(body);
  if (!isJsonObject(c)) return null;
  if (c.deleted !== null && c.deleted !== undefined && c.deleted !== false) return 'deleted';
  return c.published !== null && c.published !== undefined && c.published !== false ? 'published' : 'draft';
}

const courseDeleteUndo = swap('coassemble.courses.restore', ['courseId'], (x) => {
  const unknown = notRead(x.prior, 'Whether the course was already deleted');
  if (unknown) return unknown;
  if (x.prior!.kind === 'absent') return { kind: 'cannot', why: 'the course was not found before this job' };
  const s = courseState((x.prior as { body: string }).body);
  if (s === null) return { kind: 'cannot', why: 'the course before this job is not a JSON object' };
  if (s === 'deleted') return { kind: 'nothing', why: 'the course was already deleted before this job' };
  return null;
});

const courseRestoreUndo = swap('coassemble.courses.delete', ['courseId'], (x) => {
  if (x.prior?.kind === 'state' && courseState(x.prior.body) !== 'deleted')
    return { kind: 'nothing', why: 'the course was not deleted before this job' };
  return null;
});

/** A course the row created, by the id its answer gave: soft-deleted (restore brings it back). */
function createdCourse(label: string): InverseSpec {
  return {
    inverse: 'coassemble.courses.delete',
    columns: ['courseId'],
    note: 'The courses this job created are deleted (a soft delete: "restore course" brings one back).',
    derive(x) {
      const id = x.captured?.[label];
      if (!id) return { kind: 'cannot', why: `the new course's id ("${label}") was not kept from the answer` };
      return { kind: 'undo', values: { courseId: id }, warnings: [] };
    },
  };
}

export const INVERSES: Readonly<Record<string, InverseSpec>> = {
  'coursepath.courses.enrol': enrolUndo,
  // Coursepath deletes the member's results in the course with the enrolment (the template's description)
  // and has no call to put them back: the undo gives back the enrolment only.
  'coursepath.courses.unenrol': {
    ...unenrolUndo,
    partial: {
      restores: 'enrols them again',
      lost: 'their learning results in the course (scores, completion, certificate) are gone for good',
    },
  },
  'coursepath.programs.add': swap(
    'coursepath.programs.remove',
    ['programId', 'memberId'],
    undefined,
    'Coursepath has no read of program membership, so whether a member was already in the program before this job is known only where Coursepath answered the add 409 (those rows are left as they are): every other member this job added is removed, including one who was there before.',
  ),
  'coursepath.programs.remove': {
    ...swap(
      'coursepath.programs.add',
      ['programId', 'memberId'],
      undefined,
      'Members are added to the program again; whatever Coursepath deleted with the membership is not restored.',
    ),
    // What Coursepath deletes with a program membership is not documented: the safe side is to promise nothing.
    partial: {
      restores: 'adds them to the program again',
      lost: 'whatever Coursepath deleted with the membership (not documented) does not come back',
    },
  },
  'coursepath.groups.add': groupAddUndo,
  'coursepath.groups.remove': groupRemoveUndo,
  'coursepath.members.update': memberUpdateUndo,
  // Create or update (a plan's run): a row that updated a member is undone like an update; a row that
  // created one cannot be (NO_MEMBER_DELETE).
  'coursepath.members.upsert': {
    ...memberUpdateUndo,
    derive(x) {
      // No member id sent (the plan made the row a create), or none found before the write: this job made it.
      if (!keys(x, ['memberId']) || x.prior?.kind === 'absent')
        return {
          kind: 'cannot',
          why: `this job created the member (not in the academy before it), and ${NO_MEMBER_DELETE}`,
        };
      return memberUpdateUndo.derive(x);
    },
  },
  'coassemble.users.upsert': identityUndo('user', ['clientIdentifier', 'name']),
  'coassemble.clients.upsert': identityUndo('client', []),
  'coassemble.courses.delete': courseDeleteUndo,
  'coassemble.courses.restore': courseRestoreUndo,
  'coassemble.courses.generate': createdCourse('Course ID'),
  'coassemble.courses.duplicate': createdCourse('New course ID'),
  // Coassemble's translation list carries no edit time or author (its shape is not even documented), so
  // the undo cannot check, as others do (laterChange), whether a translation was edited by hand since:
  // said wherever the undo is offered rather than read as "nothing changed".
  'coassemble.translations.create': {
    ...swap(
      'coassemble.translations.delete',
      ['courseId', 'language'],
      undefined,
      'Each translation this job made is deleted, with any edits made by hand to it since the job: Coassemble does not say whether a translation was edited, so Bulk Desk cannot check.',
    ),
    partial: {
      restores: 'deletes each translation this job made',
      lost: 'edits made by hand to one since the job are deleted with it (Coassemble does not say whether a translation was edited, so Bulk Desk cannot check)',
    },
  },
  'coassemble.translations.delete': {
    ...swap(
      'coassemble.translations.create',
      ['courseId', 'language'],
      undefined,
      'Each translation is made again by machine translation; edits made by hand to the deleted translation are not restored.',
    ),
    partial: {
      restores: 'makes each translation again by machine translation',
      lost: 'the deleted translation, with any edits made by hand, is gone for good',
    },
  },
};

const NO_MEMBER_DELETE = 'Coursepath has no member delete: a member, once created, stays in the academy.';
const UNSENT = 'An invitation cannot be unsent: the email has gone.';

/** Why the rows of a template cannot be undone, for every catalog template without an inverse. */
export const IRREVERSIBLE: Readonly<Record<string, string>> = {
  'coursepath.members.create': NO_MEMBER_DELETE,
  'coursepath.courses.createMember': NO_MEMBER_DELETE,
  'coursepath.programs.createMember': NO_MEMBER_DELETE,
  'coursepath.members.invite': UNSENT,
  'coursepath.courses.invite': UNSENT,
  'coursepath.programs.invite': UNSENT,
  'coursepath.groups.removeAll':
    'Removing a member from all their groups is not undone by Bulk Desk; the groups the member was in were read before the write and are kept with the row (History → the row → "Read before"), to add back with "add to group".',
  'coassemble.courses.signedUrl':
    'A signed URL cannot be revoked (it expires 3 hours after it was made), and a draft course an edit URL may have created is not tracked.',
  'coassemble.courses.publish':
    'Coassemble has no unpublish: "revert course" goes back to the published version (Coassemble\'s own Moodle plugin), so it cannot take a publish back.',
  'coassemble.courses.revert': 'The draft changes a revert discarded are gone; nothing brings them back.',
  'coassemble.clients.delete': 'A deleted Coassemble client is gone, with its users, their tracking and its courses.',
  'coassemble.users.delete': 'A deleted Coassemble user is gone, with their tracking.',
  'coassemble.trackings.delete': "A deleted tracking (a learner's progress and completion) cannot be put back.",
  'coassemble.translations.setDefault': 'The default translation before this job was not read, so it cannot be set back.',
  'coassemble.translations.sync': "The translation's text before the sync, with any edits made by hand, is gone.",
};

export const MANUAL_IRREVERSIBLE = 'A manual configuration has no known opposite call, so its rows cannot be undone.';
const UNKNOWN = 'Bulk Desk does not know an opposite call for this template, so its rows cannot be undone.';

/**
 * What undoing a job of the template restores and what it does not ("Undo enrols them again; their
 * learning results … are gone for good."), or null where its undo gives back what the job changed, or
 * there is no undo. `subject`: what takes it back ("Sending it", for a test send).
 */
export function partialUndoWords(templateId: string, subject = 'Undo'): string | null {
  const p = INVERSES[templateId]?.partial;
  return p ? `${subject} ${p.restores}; ${p.lost}.` : null;
}

/** The template's inverse, or why it has none. */
export function undoOf(templateId: string): InverseSpec | { irreversible: string } {
  return (
    INVERSES[templateId] ?? {
      irreversible: IRREVERSIBLE[templateId] ?? (templateId === MANUAL_TEMPLATE_ID ? MANUAL_IRREVERSIBLE : UNKNOWN),
    }
  );
}

/**
 * The call that takes a template's change back and is itself taken back by it — enrol ↔ remove from
 * course, group add ↔ remove, delete ↔ restore course… — or null (an update is its own inverse; a created
 * course's delete is undone by a restore, not a create). After such a call succeeded on the same target,
 * the template's earlier success no longer holds in the LMS (db/sentKeys.ts).
 */
export function oppositeOf(templateId: string): string | null {
  const inverse = INVERSES[templateId]?.inverse;
  return inverse && inverse !== templateId && INVERSES[inverse]?.inverse === templateId ? inverse : null;
}

/**
 * Which of a call's keys act on a row's target: its own key (`exact`), or every key beginning so
 * (`prefix`: each group add of one member).
 */
export type ReversalKeys = { exact: string } | { prefix: string };

/** A call whose later success takes a template's earlier success on the same target back. */
export interface Reversal {
  templateId: string;
  /** Its keys that act on the target of the row keyed `key`; null when none can. */
  keys(key: string): ReversalKeys | null;
}

const sameKey = (key: string): ReversalKeys => ({ exact: key });
/** The member part of a group key (`memberId=7 name=sales` → `memberId=7`; the member comes first). */
const memberOfKey = (key: string): ReversalKeys | null => {
  const m = /^memberId=\S+/.exec(key);
  return m ? { exact: m[0] } : null;
};

/**
 * Calls beyond the opposite (oppositeOf) that take a success back: removing a member from all their
 * groups takes back every group add of that member, and an add to any group takes back "removed from all
 * groups"; deleting a Coassemble user or client takes back its upsert (the record is gone), and an upsert
 * after the delete creates it again.
 */
const MORE_REVERSALS: Readonly<Record<string, readonly Reversal[]>> = {
  'coursepath.groups.add': [{ templateId: 'coursepath.groups.removeAll', keys: memberOfKey }],
  'coursepath.groups.removeAll': [{ templateId: 'coursepath.groups.add', keys: (key) => ({ prefix: `${key} ` }) }],
  'coassemble.users.upsert': [{ templateId: 'coassemble.users.delete', keys: sameKey }],
  'coassemble.users.delete': [{ templateId: 'coassemble.users.upsert', keys: sameKey }],
  'coassemble.clients.upsert': [{ templateId: 'coassemble.clients.delete', keys: sameKey }],
  'coassemble.clients.delete': [{ templateId: 'coassemble.clients.upsert', keys: sameKey }],
};

/**
 * Every call whose later success on the same target means a template's earlier success no longer holds
 * in the LMS (db/sentKeys.ts lastReversal): its opposite on the same key, and the wider ones above.
 */
export function reversalsOf(templateId: string): readonly Reversal[] {
  const opposite = oppositeOf(templateId);
  return [...(opposite ? [{ templateId: opposite, keys: sameKey }] : []), ...(MORE_REVERSALS[templateId] ?? [])];
}
