// Endpoint templates as data. A template says what one API call looks like; the mapping engine fills it
// from a spreadsheet row; the runner signs and sends it. Nothing here knows about HTTP clients or secrets.

export type ApiKind = 'coursepath' | 'coassemble';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type FieldType =
  | 'string'
  | 'email'
  | 'integer' // numeric id: kept as a digit string so 20-digit ids survive
  | 'boolean'
  | 'enum'
  | 'date'
  | 'language' // IETF tag, e.g. en or en-US
  | 'json' // any JSON value typed by the admin
  | 'keyValue'; // an object built from several columns (Coassemble metadata)

export interface FieldSpec {
  /** Unique within the template; the mapping is keyed by it. */
  key: string;
  label: string;
  location: 'path' | 'query' | 'body';
  /**
   * Name on the wire. Path: the `{placeholder}` in `Template.path`. Query: the parameter name.
   * Body: a dotted path into the body object (`mail.subject`), form-encoded as `mail[subject]`.
   */
  name: string;
  type: FieldType;
  /**
   * A path field is required, except the one optional segment a create-or-update template has: left
   * empty, its `/{name}` segment is left out of the path (`/members/{memberId}` → `/members`).
   */
  required: boolean;
  options?: readonly string[];
  help: string;
  /** Header names that auto-match this field besides its key and label. */
  synonyms?: readonly string[];
  /**
   * Body only: `name` is one literal property name, not a dotted path. Manual templates use it so a
   * column called `a.b` stays `{"a.b": …}` instead of nesting.
   */
  literalName?: boolean;
  /** When the mapping leaves this field unmapped, read this column (manual templates: one field per column). */
  defaultColumn?: string;
  /**
   * Send an empty cell as `""` (or `null` for typed fields) instead of leaving the property out. Manual
   * templates send every record as it is, so they set it; catalog templates omit empty optional fields.
   */
  keepEmpty?: boolean;
  /**
   * Query only: the same name and value go in the body as well. For a parameter whose place the API does
   * not document, where the server reading only one of the two places must still see it (Coursepath's
   * group `name` on DELETE: leaving it out widens the call to every group).
   */
  alsoInBody?: boolean;
  /** Enum only: what each option does, in words the admin reads before choosing (an irreversible default). */
  optionHelp?: Readonly<Record<string, string>>;
  /**
   * Integer only: a count (screens), not an id. `unknownMinimum`: the LMS documents no lower bound, so a 0
   * is sent with a warning saying so; a negative is not a count and is refused like any non-digit value.
   */
  count?: 'unknownMinimum';
}

/** A check that involves more than one field of the same row, e.g. `courseId` is required when `action` is `view`. */
export type TemplateRule = {
  kind: 'requiredWhen';
  field: string;
  when: { field: string; equals: string };
  message: string;
};

export interface Template {
  /** Stable id, e.g. `coursepath.members.create`. Saved in jobs, so never rename one. */
  id: string;
  api: ApiKind;
  /** As shown to the admin, e.g. "Coursepath: create member". */
  name: string;
  description: string;
  method: HttpMethod;
  /** Path from the connection's base URL, with `{name}` placeholders for path fields. */
  path: string;
  fields: readonly FieldSpec[];
  bodyEncoding: 'json' | 'form' | 'none';
  /**
   * `destructive`: it deletes, unenrols, removes or overwrites learner data, or replaces what learners see
   * with no way back (a Coassemble publish). Every run of it, at any row
   * count, and every test send, needs a phrase naming the count and the connection (runner/confirmGuard.ts).
   */
  danger: 'safe' | 'destructive';
  /** Sending twice has the effect of sending once, so an in-doubt item may be re-sent automatically. */
  idempotent: boolean;
  /**
   * For a template that is not idempotent as a whole: the rows that are, e.g. a signed URL with action
   * `view` (only an `edit` embed without a course id creates a draft course). `field` is a field key.
   */
  idempotentWhen?: { field: string; equals: string } | { field: string; present: true };
  /**
   * How long the LMS's answer is good for (a Coassemble signed URL: 3 hours, evidence.md). A row safe to
   * send again whose earlier success is older than this is not "already sent": its answer is dead, and a
   * fresh one is what a new run is for (answerValidity.ts).
   */
  answerValidForMs?: number;
  /**
   * An add (a member into a course, program or group) whose only possible conflict is that what it adds is
   * already there: a 409 to a resend after a lost answer means the lost send most likely did it
   * (runner/answerDecision.ts). Whether the LMS answers a repeat 200 or 409 is unknown (evidence.md).
   */
  conflictMeansAlreadyThere?: true;
  /**
   * Sets a state its read-back check reads (restore, publish, revert a course): the LMS may refuse a repeat
   * although the state holds (a restore of a course no longer deleted answers 400), so a refusal of a resend
   * after a lost answer is settled by reading that state (runner/answerDecision.ts `readsStateWhenRefused`).
   */
  stateChange?: true;
  /**
   * Response fields worth keeping per row (a member id, a signed URL): label → dotted path into the JSON
   * response. An empty path means the whole response body (Coassemble returns a signed URL as plain text).
   */
  capture?: Readonly<Record<string, string>>;
  /** Cross-field checks run per row after the field checks. */
  rules?: readonly TemplateRule[];
  /**
   * Sent only through a plan (src-shared/plan/): what each row does depends on the LMS's current state (a
   * create-or-update looks the member up first), so a job of it is made from a plan, never directly.
   */
  planOnly?: boolean;
  /** Extra request headers (manual configuration). Never Authorization, Content-Type, Host or Content-Length. */
  headers?: Readonly<Record<string, string>>;
  /**
   * Manual configuration: the id of the catalog template that makes the same call (method and path). Its
   * confirmation phrase is the manual call's too (runner/confirmGuard.ts), as its danger is.
   */
  sameAs?: string;
}
