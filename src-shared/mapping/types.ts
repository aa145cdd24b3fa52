// How spreadsheet columns become template fields. Every cell is a string until a transform or the
// field's type says otherwise, so leading zeros and long ids survive untouched.
import type { ManualConfig } from '../connectors/customTemplate';

export type Transform =
  | { kind: 'trim' }
  | { kind: 'lower' }
  | { kind: 'upper' }
  | { kind: 'default'; value: string } // used when the value is empty
  | { kind: 'split'; separator: string; index: number }
  | { kind: 'map'; table: Record<string, string> } // value → replacement; unmatched values pass through
  /**
   * A date written one way → another, e.g. `DD/MM/YYYY` → `YYYY-MM-DD` (tokens in dateFormat.ts). A value
   * that does not fit `from`, or is not a real date (31/02), stops the row; an empty value stays empty.
   */
  | { kind: 'dateFormat'; from: string; to: string }
  /** JavaScript regular expression replace; `replacement` may use `$1`. Flags from `gimsu` (default `g`). */
  | { kind: 'regexReplace'; pattern: string; flags: string; replacement: string }
  /**
   * If the value is empty (`test: 'empty'`), or equals `value` (case and surrounding spaces ignored), it
   * becomes `then`; otherwise it becomes `otherwise`, or stays as it is when `otherwise` is null.
   */
  | { kind: 'conditional'; test: 'empty' | 'equals'; value: string; then: string; otherwise: string | null }
  /**
   * A course or program title, a learner email or a group name → the id the API needs, through the
   * catalog synced from `connectionId` ('' = the connection the mapping sends to) (Reports → Sync now).
   * Matching ignores case and surrounding spaces. main fills `resolved` before a row is built
   * (src-main/sync/lookups.ts); a value not in it is a row error.
   * `state`: live records (default), or soft-deleted ones (restoring a Coassemble course by its title).
   * `to`: the record's id (default), or its name as the LMS spells it (Coursepath groups go by name).
   */
  | {
      kind: 'lookup';
      entity: LookupEntity;
      from: LookupKey;
      connectionId: string;
      state?: 'active' | 'deleted';
      to?: 'id' | 'name';
      resolved?: LookupTable;
      /**
       * `empty`: a value not in the table becomes empty instead of stopping the row. Only a plan's job sets
       * it (src-main/plan/): its table holds the members the plan found, and a member it did not find is
       * one to create (the field is the optional member id of a create-or-update). Never from outside.
       */
      onMissing?: 'empty';
    };

export type LookupEntity =
  | 'coassemble.course'
  | 'coursepath.course'
  | 'coassemble.user'
  | 'coursepath.member'
  | 'coursepath.program'
  | 'coursepath.group';

/** What a lookup matches on: a course or program title, a learner email, a group name. */
export type LookupKey = 'title' | 'email' | 'name';

/** A synced catalog as a lookup: normalised key → id. Filled in by main, never typed by hand. */
export interface LookupTable {
  entries: Record<string, string>;
  /** Keys that match more than one record (two courses with one title): their ids. */
  ambiguous: Record<string, string[]>;
  /** For messages: "the Sandbox · Coursepath catalog synced 2026-11-23 16:40". */
  catalog: string;
  /**
   * Keys found only among records in the other state (a deleted course when live ones are looked up, or
   * the other way round): their ids, so the message can say "is a deleted course (id 12)".
   */
  otherState?: Record<string, string[]>;
}

export type FieldSource =
  | { kind: 'column'; column: string; transforms?: Transform[] }
  | { kind: 'constant'; value: string }
  /** `{first_name} {last_name}`: placeholders are column names. */
  | { kind: 'template'; template: string; transforms?: Transform[] }
  /** A key-value object (Coassemble metadata) built from several columns. */
  | { kind: 'keyValue'; entries: { key: string; column: string }[] }
  | { kind: 'none' };

export interface Mapping {
  /** Template field key → where its value comes from. Absent keys are unmapped. */
  fields: Record<string, FieldSource>;
  /**
   * Only for the manual template (`coassemble.manual`): method, URL, headers, excluded columns, column
   * types and batching. It lives in the mapping because the mapping is what a job snapshots and what a
   * request spec carries; the template is rebuilt from it with `resolveTemplate`.
   */
  manual?: ManualConfig;
  /**
   * Override the template's body encoding. Coursepath does not document which encoding it wants, so its
   * templates default to form (`mail[subject]`) and an admin can switch to JSON (`{"mail":{"subject":…}}`).
   * Ignored for templates that send no body.
   */
  bodyEncoding?: 'json' | 'form';
  /**
   * Per row, the fields whose empty value is sent (as `""`, or `null` for a typed JSON value) instead of
   * being left out: the named column holds their keys, separated by spaces. An undo job uses it to clear
   * a field its original job filled (src-shared/undo/); other mappings leave it out.
   */
  sendEmpty?: { column: string };
}

/** A row as the mapping engine sees it: column name → cell text. */
export type RowValues = Readonly<Record<string, string>>;

export interface MappingIssue {
  /** Template field key (or `column:<name>` for a problem in the source column). */
  field: string;
  level: 'error' | 'warning';
  message: string;
}

/** A request before the connection adds its base URL and the runner signs it. */
export interface BuiltRequest {
  method: string;
  /** Path and query, e.g. `/api/v1/headless/user/u%2F1?action=delete`. */
  pathAndQuery: string;
  /** Content-Type and Accept; never Authorization. */
  headers: Record<string, string>;
  body: string | null;
}
