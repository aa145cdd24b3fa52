// Keys for rows sent before keys existed (migration 0005 added job_items.row_key as NULL for them), so
// that running last month's file again skips them like any row already sent. Done once, at the first
// open after the upgrade (migration 0016 records it pending), a page at a time, each page in its own
// transaction: an interrupted backfill goes on from where it stopped at the next open.
//
// A row's key is rebuilt as jobs.create makes it — the job's dataset row, mapping and template — when
// that rebuilds the request that was sent. Where it does not (the row was edited since, or the mapping no
// longer builds), the key is read from the stored request itself: what was sent is what counts. A row
// with neither stays without a key; the preflight counts those ("could not be checked"). Test sends of
// that time are keyed from their stored request alone (no mapping was kept with them).
import { getTemplate, resolveTemplate } from '../../src-shared/connectors/catalog';
import { sentPathAndQuery, sentRowKey } from '../../src-shared/connectors/sentRowKey';
import type { Template } from '../../src-shared/connectors/types';
import type { BuiltRequest } from '../../src-shared/mapping/types';
import { getConnection } from '../db/connections';
import { datasetReader, getDataset } from '../db/datasets';
import { MAX_STORED_BODY } from '../db/items';
import { getJob, type JobRecord } from '../db/jobs';
import type { Db } from '../db/openDb';
import {
  backfillPending,
  jobsWithUnkeyedItems,
  LEGACY_ROW_KEYS,
  markBackfillDone,
  setItemKeys,
  setTestSendKeys,
  unkeyedItemsAfter,
  unkeyedTestSends,
  type UnkeyedItem,
} from '../db/unkeyedItems';
import { prepareRow } from '../services/requestFactory';

const PAGE = 2000;

export interface Backfilled {
  keyed: number;
  /** Succeeded rows left without a key. */
  unkeyed: number;
}

/** Runs the backfill if it has not finished yet; null when there was nothing to do. */
export function backfillLegacyRowKeys(db: Db, now: number, log: (line: string) => void): Backfilled | null {
  if (!backfillPending(db, LEGACY_ROW_KEYS)) return null;
  const total: Backfilled = { keyed: 0, unkeyed: 0 };
  for (const jobId of jobsWithUnkeyedItems(db)) {
    const job = getJob(db, jobId);
    // Recipe and undo jobs came after keys did (and key each item by its own step or inverse template).
    if (!job || job.recipe || job.undoOf) continue;
    const done = backfillJob(db, job);
    total.keyed += done.keyed;
    total.unkeyed += done.unkeyed;
  }
  const tests = backfillTestSends(db);
  total.keyed += tests.keyed;
  total.unkeyed += tests.unkeyed;
  markBackfillDone(db, LEGACY_ROW_KEYS, now);
  if (total.keyed + total.unkeyed > 0)
    log(
      `bulk-desk: ${total.keyed} rows sent before row keys existed now count as already sent` +
        (total.unkeyed
          ? `; ${total.unkeyed} could not be keyed (their dataset row and request no longer say what they acted on)`
          : ''),
    );
  return total;
}

function backfillJob(db: Db, job: JobRecord): Backfilled {
  const dataset = getDataset(db, job.datasetId);
  const template = resolveTemplate(job.templateId, job.mapping, dataset?.columns ?? []);
  const baseUrl = getConnection(db, job.connectionId)?.baseUrl ?? null;
  // Items come in row order: the reader keeps its place in the dataset's blocks.
  const rows = dataset ? datasetReader(db, dataset.id) : undefined;
  const out: Backfilled = { keyed: 0, unkeyed: 0 };
  for (let after = 0; ;) {
    const page = unkeyedItemsAfter(db, job.id, after, PAGE);
    const keys: { id: number; key: string }[] = [];
    for (const item of page) {
      const cells = rows?.row(item.rowNumber) ?? null;
      const key = template ? keyOf(job, template, dataset?.columns ?? [], baseUrl, item, cells) : null;
      if (key) keys.push({ id: item.id, key });
      else out.unkeyed += 1;
    }
    setItemKeys(db, keys);
    out.keyed += keys.length;
    if (page.length < PAGE) return out;
    after = page.at(-1)!.rowNumber;
  }
}

/** Test sends keep no mapping: their keys are read from the request sent, or not at all. */
function backfillTestSends(db: Db): Backfilled {
  const keys: { id: number; key: string }[] = [];
  const sends = unkeyedTestSends(db);
  for (const t of sends) {
    const template = getTemplate(t.templateId); // the manual configuration lives in the mapping: not kept
    const baseUrl = getConnection(db, t.connectionId)?.baseUrl ?? null;
    const sent = template ? sentRequest(template, baseUrl, t) : null;
    const key = template && sent ? sentRowKey(template, sent) : null;
    if (key) keys.push({ id: t.id, key });
  }
  setTestSendKeys(db, keys);
  return { keyed: keys.length, unkeyed: sends.length - keys.length };
}

function keyOf(
  job: JobRecord,
  template: Template,
  columns: readonly string[],
  baseUrl: string | null,
  item: UnkeyedItem,
  cells: readonly string[] | null,
): string | null {
  const built = cells
    ? prepareRow(template, job.mapping, baseUrl ?? '', columns, item.rowNumber, cells)
    : null;
  const sent = sentRequest(template, baseUrl, item);
  if (built?.built && built.key && (!sent || sameRequest(built.built, sent))) return built.key;
  return sent ? sentRowKey(template, sent) : null;
}

/** The request as stored with the item's send, or null when none is kept whole. */
function sentRequest(
  template: Template,
  baseUrl: string | null,
  item: Pick<UnkeyedItem, 'method' | 'url' | 'body'>,
): BuiltRequest | null {
  if (item.url === null || baseUrl === null) return null;
  if (item.body !== null && item.body.length > MAX_STORED_BODY) return null; // cut when stored
  const pathAndQuery = sentPathAndQuery(baseUrl, item.url);
  if (pathAndQuery === null) return null;
  return { method: item.method || template.method, pathAndQuery, headers: {}, body: item.body };
}

const sameRequest = (a: BuiltRequest, b: BuiltRequest): boolean =>
  a.pathAndQuery === b.pathAndQuery && (a.body ?? null) === (b.body ?? null);
