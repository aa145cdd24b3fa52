// What would happen to each row of a file if it were run now: sent, skipped as a duplicate of an earlier
// row, skipped because its key already succeeded with this template at this LMS (an earlier job or a
// test send, through any connection to it), or invalid. The preflight (the dry run's answer) and job creation walk the rows through
// the same classifier, so what the admin was told is what the job does. Pure: the "already sent" lookup
// is handed in.
import { shortValue } from '../util/quoteValue';
import { formatDate } from '../util/dates';
import { composedKey } from '../connectors/rowKeys';

/** A row's verdict before sending. `send` rows are the only ones a job sends. */
export type RowVerdict = 'send' | 'duplicate' | 'alreadySent' | 'invalid';

/** A successful earlier send of the same key on the same connection and template. */
export interface PriorSend {
  /** The job that sent it, or null for a test send from Preview. */
  jobId: string | null;
  /** The file that job ran on (absent for a test send). */
  fileName: string | null;
  /** When it succeeded. */
  at: number;
  /** A test send whose answer was lost: it may or may not have reached the LMS (held, not known sent). */
  answerLost?: boolean;
  /**
   * A job's row left in doubt although the LMS answered its send with this 2xx status (the answer cut off
   * after it, or not saved), or a test send whose 2xx answer was cut off after its status: it reached the
   * LMS and was done there; only the rest of the answer is unknown.
   */
  reached?: number;
}

/** The row as built: its request could be made (`valid`) or not (`problem` says why), and its key. */
export interface BuiltRow {
  rowNumber: number;
  valid: boolean;
  /** For an invalid row: what stops it, naming the fields. */
  problem: string | null;
  /** What it acts on (rowKeys.ts); null for an invalid row. */
  key: string | null;
}

export interface Classified {
  rowNumber: number;
  verdict: RowVerdict;
  key: string | null;
  /** For a duplicate: the row that is sent instead (the first with this key). */
  firstRow: number | null;
  /** For a row already sent: when and by which job. */
  prior: PriorSend | null;
  /** For the admin: why the row is not sent (null for `send`). */
  note: string | null;
}

export interface VerdictOptions {
  /** Send rows that repeat an earlier row's key too (default: only the first of them is sent). */
  allowDuplicates?: boolean;
  /** Send rows whose key already succeeded too (default: they are skipped). */
  resend?: boolean;
}

const day = formatDate;

export function describePrior(p: PriorSend): string {
  return p.jobId === null
    ? `a test send on ${day(p.at)}${
        p.reached
          ? ` that the LMS answered HTTP ${p.reached}, its answer cut off after the status: it reached the LMS (send it again only if you choose to)`
          : p.answerLost
            ? ' whose answer was lost: it may or may not have reached the LMS (send it again if it did not)'
            : ''
      }`
    : `job ${p.jobId.slice(0, 8)}${p.fileName ? ` (${p.fileName})` : ''} on ${day(p.at)}${p.reached ? ` — in doubt there, but the LMS answered it HTTP ${p.reached}: it reached the LMS (settle it in that job, or send it again here if you choose to)` : ''}`;
}

/**
 * Classifies rows one at a time, in file order. Keeps one entry per distinct key of the valid rows (the
 * first row that has it), so memory grows with the number of distinct keys, not with row data.
 */
export class RowClassifier {
  private readonly firstWithKey = new Map<string, number>();

  constructor(
    private readonly priorSend: (key: string) => PriorSend | null,
    private readonly options: VerdictOptions = {},
  ) {}

  classify(row: BuiltRow): Classified {
    if (!row.valid || row.key === null) {
      const base = { rowNumber: row.rowNumber, key: row.key, firstRow: null, prior: null };
      return { ...base, verdict: 'invalid', note: row.problem ?? `Row ${row.rowNumber} cannot be built.` };
    }
    // Composed, as every key is stored (rowKeys.ts composedKey): a name typed on a Mac (e + U+0301) and
    // one typed elsewhere (é) are one key, in this file and against past sends.
    const key = composedKey(row.key);
    const base = { rowNumber: row.rowNumber, key, firstRow: null, prior: null };
    const first = this.firstWithKey.get(key);
    if (first === undefined) this.firstWithKey.set(key, row.rowNumber);
    else if (!this.options.allowDuplicates) {
      return {
        ...base,
        verdict: 'duplicate',
        firstRow: first,
        note: `Not sent: row ${first} has the same ${shortValue(key)}, and only the first is sent.`,
      };
    }
    if (!this.options.resend) {
      const prior = this.priorSend(key);
      if (prior) {
        return {
          ...base,
          verdict: 'alreadySent',
          prior,
          note: `Not sent: ${shortValue(key)} was already sent by ${describePrior(prior)}.`,
        };
      }
    }
    return { ...base, verdict: 'send', note: null };
  }
}
