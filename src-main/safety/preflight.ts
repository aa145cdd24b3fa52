// What a run would do, row by row, before anything is sent: each row of the dataset is built exactly as
// the runner would build it, keyed (src-shared/connectors/rowKeys.ts) and classified as would send,
// duplicate, already sent or invalid (src-shared/safety/rowVerdicts.ts). `jobs.preflight` sums it up for
// the admin (and the CLI's dry run); `jobs.create` stores the same verdicts on the job's items, so the
// job skips exactly the rows the admin was told it would skip.
import type { JobOptions, PreflightDto } from '../../src-shared/contract/api';
import type { Template } from '../../src-shared/connectors/types';
import type { Mapping } from '../../src-shared/mapping/types';
import { confirmationPhrase } from '../../src-shared/runner/confirmGuard';
import { RowClassifier, type Classified } from '../../src-shared/safety/rowVerdicts';
import { widerEffectsOf, widerEffectWords } from '../../src-shared/safety/widerEffects';
import { lastTestOf, type ConnectionRecord } from '../db/connections';
import { datasetCellsAfter } from '../db/datasets';
import type { NewItem } from '../db/jobs';
import type { Db } from '../db/openDb';
import { priorSends } from '../db/sentKeys';
import { uncheckedSends } from '../db/unkeyedItems';
import { phraseName } from './phraseName';
import { describeIssues, describeWarnings, prepareRow } from '../services/requestFactory';
import { shortValue } from '../../src-shared/util/quoteValue';

/** How many rows each list of the preflight names (the counts are always complete). */
export const LIST_LIMIT = 200;
const PAGE = 1000;

export interface PreflightSubject {
  template: Template;
  connection: ConnectionRecord;
  dataset: { id: string; columns: string[]; rowCount: number };
  /** With lookups already bound (src-main/sync/lookups.ts). */
  mapping: Mapping;
}

export interface ClassifiedRow extends Classified {
  /** Sent with warnings (a field the LMS may not read, a value adjusted…). */
  warnings: boolean;
  /** What they are, as one line naming the row ("Row 5: Name: only whitespace"); null without warnings. */
  warningText: string | null;
  /** Values of the row that do more than the template's phrase says (../../src-shared/safety/widerEffects.ts). */
  wider: string[];
}

/** Every row of the dataset, in order, classified. `excludeJobId`: a job's own rows are not "already sent". */
export function* classifyDataset(
  db: Db,
  s: PreflightSubject,
  options: Pick<JobOptions, 'allowDuplicates' | 'resend'>,
  excludeJobId: string | null = null,
): Generator<ClassifiedRow> {
  const classifier = new RowClassifier(
    priorSends(db, s.connection.id, s.template.id, excludeJobId),
    options,
  );
  for (let after = 0; ; ) {
    const page = datasetCellsAfter(db, s.dataset.id, after, PAGE);
    for (const { rowNumber, cells } of page) {
      const p = prepareRow(s.template, s.mapping, s.connection.baseUrl, s.dataset.columns, rowNumber, cells);
      const c = classifier.classify({
        rowNumber,
        valid: p.built !== null,
        problem: p.built ? null : describeIssues(rowNumber, p.issues),
        key: p.key,
      });
      const warned = p.built !== null && p.issues.length > 0;
      yield {
        ...c,
        warnings: warned,
        warningText: warned ? describeWarnings(rowNumber, p.issues) : null,
        wider: p.built ? widerEffectsOf(s.template, p.built) : [],
      };
    }
    if (page.length < PAGE) return;
    after = page.at(-1)!.rowNumber;
  }
}

/** The job's items from the classified rows: only `send` rows are pending. */
export function* itemsFrom(rows: Iterable<ClassifiedRow>): Generator<NewItem> {
  for (const r of rows) {
    if (r.verdict === 'send') {
      yield { rowNumber: r.rowNumber, key: r.key, status: 'pending', skipReason: null, note: null, error: null };
    } else {
      yield {
        rowNumber: r.rowNumber,
        key: r.key,
        status: 'skipped',
        skipReason: r.verdict,
        // An invalid row's problem is an error (it needs fixing); a skipped duplicate or resend is a note.
        note: r.verdict === 'invalid' ? null : r.note,
        error: r.verdict === 'invalid' ? r.note : null,
      };
    }
  }
}

export function preflight(
  db: Db,
  s: PreflightSubject,
  options: Pick<JobOptions, 'allowDuplicates' | 'resend'>,
): PreflightDto {
  const out: PreflightDto = {
    rows: 0,
    counts: { wouldSend: 0, duplicate: 0, alreadySent: 0, invalid: 0, warnings: 0 },
    duplicates: [],
    alreadySent: [],
    alreadySentRows: [],
    invalid: [],
    warnings: [],
    uncheckedEarlier: uncheckedSends(db, s.connection.id, s.template.id),
    confirmation: null,
    widerEffects: [],
    connection: {
      id: s.connection.id,
      name: s.connection.name,
      isSandbox: s.connection.isSandbox,
      lastTest: lastTestOf(db, s.connection.id),
    },
    template: { id: s.template.id, name: s.template.name, destructive: s.template.danger === 'destructive' },
  };
  const byJob = new Map<string, PreflightDto['alreadySent'][number]>();
  const wider = new Map<string, number>();
  for (const r of classifyDataset(db, s, options)) {
    out.rows += 1;
    if (r.verdict === 'send') {
      out.counts.wouldSend += 1;
      if (r.warnings) {
        out.counts.warnings += 1;
        if (out.warnings.length < LIST_LIMIT)
          out.warnings.push({ rowNumber: r.rowNumber, message: r.warningText! });
      }
      for (const k of r.wider) wider.set(k, (wider.get(k) ?? 0) + 1);
    } else if (r.verdict === 'duplicate') {
      out.counts.duplicate += 1;
      if (out.duplicates.length < LIST_LIMIT)
        out.duplicates.push({ rowNumber: r.rowNumber, firstRow: r.firstRow!, key: shortValue(r.key!) });
    } else if (r.verdict === 'alreadySent') {
      out.counts.alreadySent += 1;
      const p = r.prior!;
      if (out.alreadySentRows.length < LIST_LIMIT)
        out.alreadySentRows.push({ rowNumber: r.rowNumber, key: shortValue(r.key!), jobId: p.jobId, at: p.at });
      // Test sends whose answer was lost apart: the summary says they may not have arrived; and a job's rows
      // in doubt that the LMS answered 2xx apart from its successes: the summary says they reached it.
      const groupKey = `${p.jobId ?? (p.answerLost ? 'lost' : '')}${p.reached ? ':reached' : ''}`;
      const group = byJob.get(groupKey);
      if (group) {
        group.rows += 1;
        group.at = Math.max(group.at, p.at);
      } else
        byJob.set(groupKey, {
          jobId: p.jobId,
          fileName: p.fileName,
          at: p.at,
          rows: 1,
          ...(p.answerLost ? { answerLost: true } : {}),
          ...(p.reached ? { reached: p.reached } : {}),
        });
    } else {
      out.counts.invalid += 1;
      if (out.invalid.length < LIST_LIMIT) out.invalid.push({ rowNumber: r.rowNumber, message: r.note! });
    }
  }
  out.alreadySent = [...byJob.values()].sort((a, b) => b.at - a.at);
  out.confirmation = confirmationPhrase(s.template, out.counts.wouldSend, phraseName(db, s.connection));
  out.widerEffects = widerEffectWords(s.template, wider);
  return out;
}
