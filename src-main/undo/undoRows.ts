// One row (or a recipe job's item) of a job, and what undoing it sends: the compensating template and its
// mapping for a template (inverses.ts), the request the row sent and the state its target had before, and
// the compensating row's cells and key — or why it has nothing to undo, or cannot be undone. Shared by the
// undo of a one-template job (undoJob.ts) and of a recipe job, step by step (recipeUndo.ts).
import { createHash } from 'node:crypto';
import type { JobOptions, UndoPlanDto } from '../../src-shared/contract/api';
import { csvLine } from '../../src-shared/export/csv';
import { getTemplate } from '../../src-shared/connectors/catalog';
import type { Template } from '../../src-shared/connectors/types';
import type { BuiltRequest, Mapping } from '../../src-shared/mapping/types';
import { addedByRowOf, isAlreadyThere } from '../../src-shared/runner/answerDecision';
import { undoOf, type InverseSpec } from '../../src-shared/undo/inverses';
import { judgePrior, type PriorVerdict } from '../../src-shared/undo/priorReads';
import { MAX_STORED_BODY } from '../db/items';
import type { JobRecord } from '../db/jobs';
import { derivedDataset, type UndoSourceRow } from '../db/undo';
import type { Db } from '../db/openDb';
import { describeIssues, prepareRow } from '../services/requestFactory';
import { shortValue } from '../../src-shared/util/quoteValue';
import { shownBaseUrl } from '../../src-shared/util/redact';
import { UndoTargetTally, undoTargetField, type UndoTargetsDto } from '../../src-shared/undo/undoTargets';
import { catalogNames } from '../db/lookups';
import type { ConnectionRecord } from '../db/connections';

/** How many rows each list of the plan names (the counts are always complete). */
export const UNDO_LIST_LIMIT = 200;
/** The derived dataset's column naming, per row, the fields whose empty value is sent (mapping.sendEmpty). */
export const SEND_EMPTY_COLUMN = 'Send empty';

/** An undo plan's counts (of the whole job, or of one recipe step) before any row is counted. */
export const noUndoCounts = (): UndoPlanDto['counts'] => ({
  rows: 0,
  undo: 0,
  unchanged: 0,
  notSent: 0,
  cannot: 0,
  warnings: 0,
});

/** The plan's connection: its name and address (masked as shown anywhere), so a confirmation says where. */
export const undoConnection = (c: ConnectionRecord): UndoPlanDto['connection'] => ({
  id: c.id,
  name: c.name,
  baseUrl: shownBaseUrl(c.baseUrl),
  isSandbox: c.isSandbox,
});

/** A tally of what the undo rows of `inv` act on (the course, the group…). */
export const targetTally = (inv: InverseOf): UndoTargetTally =>
  new UndoTargetTally(inv.inverse ? undoTargetField(inv.inverse.id, inv.columns) : null);

/** The tally's targets, named from the connection's synced catalogue. */
export function undoTargets(db: Db, connectionId: string, tally: UndoTargetTally): UndoTargetsDto | null {
  const kind = tally.kind;
  return tally.result(kind ? catalogNames(db, connectionId, kind, tally.named()) : new Map());
}

/** Pacing and checks the admin chose for the original job carry over to its undo (same LMS). */
const CARRIED: readonly (keyof JobOptions)[] = [
  'ratePerSecond',
  'rateLimit',
  'concurrency',
  'maxAttempts',
  'timeoutMs',
  'breaker',
  'canary',
  'readBack',
];

/** The undo job's options: the original's pacing and checks, `resend`, and the phrase typed. */
export function undoOptions(job: JobRecord, confirm: string | undefined): JobOptions {
  const carried = Object.fromEntries(
    CARRIED.filter((k) => job.options[k] !== undefined).map((k) => [k, job.options[k]]),
  );
  return {
    ...carried,
    resend: true, // a deliberate reversal of named rows: never skipped as "already sent" (undoJob.ts)
    ...(confirm !== undefined ? { confirm } : {}),
  };
}

/** How a template's rows are undone: its compensating template, the undo's columns and mapping. */
export interface InverseOf {
  template: Template;
  spec: InverseSpec | null;
  /** Why the template's rows cannot be undone (no inverse), else null. */
  irreversible: string | null;
  inverse: Template | null;
  /** The compensating template's fields the undo fills, plus SEND_EMPTY_COLUMN where it sends empty values. */
  columns: string[];
  mapping: Mapping;
}

export function inverseOf(template: Template, bodyEncoding: Mapping['bodyEncoding']): InverseOf {
  const u = undoOf(template.id);
  const spec = 'inverse' in u ? u : null;
  const inverse = spec ? (getTemplate(spec.inverse) ?? null) : null;
  const sendEmpty = spec?.inverse === 'coursepath.members.update';
  return {
    template,
    spec,
    irreversible: 'irreversible' in u ? u.irreversible : null,
    inverse,
    columns: spec ? [...spec.columns, ...(sendEmpty ? [SEND_EMPTY_COLUMN] : [])] : [],
    mapping: {
      fields: Object.fromEntries(
        (spec?.columns ?? []).map((c) => [c, { kind: 'column' as const, column: c }]),
      ),
      ...(bodyEncoding ? { bodyEncoding } : {}),
      ...(sendEmpty ? { sendEmpty: { column: SEND_EMPTY_COLUMN } } : {}),
    },
  };
}

/** The request a send carried, as stored (its path read against the template's, from the end); null when not kept whole. */
export function sentRequestOf(sentUrl: string | null, sentBody: string | null, template: Template): BuiltRequest | null {
  if (!sentUrl) return null;
  if (sentBody !== null && sentBody.length > MAX_STORED_BODY) return null; // cut for its size
  let url: URL;
  try {
    url = new URL(sentUrl);
  } catch {
    return null;
  }
  const segments = template.path.split('/').length - 1;
  const path = '/' + url.pathname.split('/').slice(-segments).join('/');
  return { method: template.method, pathAndQuery: path + url.search, headers: {}, body: sentBody };
}

/** The request a row's last send carried. */
const sentRequest = (row: UndoSourceRow, template: Template) => sentRequestOf(row.sentUrl, row.sentBody, template);

/**
 * The target's state before the row's first send: the last read before it that told the state (a row
 * paused before sending was read again when it resumed); else the last failed read; null when none.
 */
function priorOf(row: UndoSourceRow): PriorVerdict | null {
  let good: PriorVerdict | null = null;
  let failed: PriorVerdict | null = null;
  for (const p of row.priors) {
    if (row.firstSend !== null && p.attempt > row.firstSend) break;
    const v = judgePrior(p.status, p.body, p.error);
    if (v.kind === 'unreadable') failed = v;
    else good = v;
  }
  return good ?? failed;
}

const THERE_BEFORE = 'already there before this job (the LMS answered 409): this job did not add it';
/** A repeat of row `row`'s addition (allowDuplicates): that row's undo takes it back, once. */
const addedBy = (row: number) =>
  `already there: row ${row} of this job added it (the LMS answered 409 to this row), and its undo takes it back`;

const IN_DOUBT =
  'in doubt: it may or may not have reached the LMS; settle it first (History, or bulk-desk jobs in-doubt), then undo again';

/** What undoing one row takes; `notSent`: it changed nothing (never sent, or failed). */
export type RowVerdict =
  | { kind: 'notSent' }
  /**
   * `covers`: the row was undone by an earlier undo job (made at `until`), which put back the state its
   * target had before this job — so a later row of this job on the same target (`key`, the compensating
   * request's), sent before that undo, has nothing left to put back: its own state before is this job's.
   */
  | { kind: 'unchanged'; why: string; covers?: { key: string; until: number } }
  | { kind: 'cannot'; why: string }
  /** Sent by the undo: the cells in `InverseOf.columns` order, the compensating request's key, any caveats. */
  | { kind: 'undo'; cells: string[]; key: string; warnings: string[] };

/** What undoing the row would send, or why nothing. */
export function judgeRow(row: UndoSourceRow, inv: InverseOf, baseUrl: string): RowVerdict {
  // A write the LMS answered with success counts, even when a read-back then failed the row.
  const wrote =
    row.status === 'succeeded' ||
    (row.status === 'failed' && row.sentStatus !== null && row.sentStatus >= 200 && row.sentStatus < 300);
  if (row.undoneBy && row.redoneBy) {
    // That undo was undone: the change is in the LMS again, and it is the later job's to take back.
    const [u, r] = [row.undoneBy.slice(0, 8), row.redoneBy.slice(0, 8)];
    return {
      kind: 'cannot',
      why: `undone by job ${u}, then put back by job ${r} (the undo of that undo): it is in the LMS again; to take it back, undo job ${r}`,
    };
  }
  if (row.undoneBy) {
    const why = `already undone by job ${row.undoneBy.slice(0, 8)}`;
    const had = judgeRow({ ...row, undoneBy: null, redoneBy: null }, inv, baseUrl);
    return had.kind === 'undo' && row.undoneAt !== null
      ? { kind: 'unchanged', why, covers: { key: had.key, until: row.undoneAt } }
      : { kind: 'unchanged', why };
  }
  if (row.status === 'in_doubt' || row.status === 'sending') return { kind: 'cannot', why: IN_DOUBT };
  if (!wrote) return { kind: 'notSent' };
  // The LMS said (409) the row's member was there before this job, or another row of it had added it: not
  // its doing, so not its undo's to remove — known from the row's outcome, so also where no state was read
  // (undo off, program adds).
  if (row.status === 'succeeded' && isAlreadyThere(row.note)) {
    const by = addedByRowOf(row.note);
    return { kind: 'unchanged', why: by === null ? THERE_BEFORE : addedBy(by) };
  }
  if (!inv.spec || !inv.inverse)
    return { kind: 'cannot', why: inv.irreversible ?? 'no call undoes this template' };
  const sent = sentRequest(row, inv.template);
  if (!sent)
    return {
      kind: 'cannot',
      why: 'the request this row sent is not kept in full, so what to undo is not known',
    };
  const r = inv.spec.derive({ template: inv.template, sent, prior: priorOf(row), captured: row.captured });
  if (r.kind === 'cannot') return { kind: 'cannot', why: r.why };
  if (r.kind === 'nothing') return { kind: 'unchanged', why: r.why };
  const cells = inv.columns.map((c) =>
    c === SEND_EMPTY_COLUMN ? (r.sendEmpty ?? []).join(' ') : (r.values[c] ?? ''),
  );
  const p = prepareRow(inv.inverse, inv.mapping, baseUrl, inv.columns, row.rowNumber, cells);
  if (!p.built || p.key === null)
    return {
      kind: 'cannot',
      why: `the compensating request cannot be built: ${describeIssues(row.rowNumber, p.issues)}`,
    };
  return { kind: 'undo', cells, key: p.key, warnings: r.warnings };
}

/**
 * The undo job's dataset: its rows under the original row numbers, stored as they are added and digested as
 * CSV (no formula escapes) — the audit record's SHA-256 and size of this "file". Shared by the undo of a
 * one-template job and of a recipe job.
 */
export function undoDataset(
  db: Db,
  o: { id: string; job: JobRecord; fileName: string; columns: string[]; now: number },
): { add(rowNumber: number, cells: string[]): void; finish(): void } {
  const hash = createHash('sha256');
  let size = 0;
  const feed = (cells: readonly (string | number)[]) => {
    const b = Buffer.from(csvLine(cells, { escapeFormulas: false }), 'utf8');
    hash.update(b);
    size += b.length;
  };
  feed(['Row', ...o.columns]);
  const ds = derivedDataset(db, {
    id: o.id,
    name: `Undo of job ${o.job.id.slice(0, 8)}`,
    fileName: o.fileName,
    columns: o.columns,
    importedAt: o.now,
    source: { kind: 'undo', jobId: o.job.id },
  });
  return {
    add(rowNumber, cells) {
      ds.add(rowNumber, cells);
      feed([rowNumber, ...cells]);
    },
    finish: () => ds.finish({ sha256: hash.digest('hex'), sizeBytes: size }),
  };
}

/**
 * The first row of the job acting on each target, for the duplicates rule: only that row's undo is sent (its
 * state before is the one from before the job). A first row undone by an earlier undo job covers the later
 * rows sent before that undo was made; a row sent after it (the job resumed once undone) acted on the state
 * that undo put back, so its own undo is the one to send.
 */
export class FirstWithKey {
  private readonly first = new Map<string, { label: string; undoneBy: string | null; until: number | null }>();

  /** Why `row` has nothing to undo because an earlier row acts on `key` (said as `shown`), or null. */
  covered(key: string, row: UndoSourceRow, shown = key): string | null {
    const f = this.first.get(key);
    if (!f) return null;
    if (f.until === null)
      return `${f.label} acts on the same ${shortValue(shown)} and puts back its state from before this job`;
    if (row.firstSentAt !== null && row.firstSentAt > f.until) return null;
    return `${f.label} acts on the same ${shortValue(shown)}, and its undo (job ${f.undoneBy!.slice(0, 8)}) put back its state from before this job`;
  }

  /** `row` (labelled as the lists name it) is the one whose undo is sent for `key`. */
  undoes(key: string, label: string): void {
    this.first.set(key, { label, undoneBy: null, until: null });
  }

  /** `row` was undone by an earlier undo job, made at `until`; the first on `key` keeps its place. */
  undone(key: string, label: string, row: UndoSourceRow, until: number): void {
    if (!this.first.has(key)) this.first.set(key, { label, undoneBy: row.undoneBy, until });
  }
}
