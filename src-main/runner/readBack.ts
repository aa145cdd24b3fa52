// The HTTP side of read-back checks (the declarations and comparisons are pure, in
// src-shared/connectors/readBacks.ts): after a write answered 2xx, one signed GET through the job's
// throttle (the same lookup client that settles in-doubt rows), kept as an attempt of kind 'readback'
// with its row. When the LMS does not hold what was sent, the row fails with both sides in its error and
// the caller pauses the job (stop reason `readBack`).
import type { JobOptions } from '../../src-shared/contract/api';
import {
  describeMismatch,
  NO_READ_BACK,
  readBackFor,
  type ReadBackVerdict,
} from '../../src-shared/connectors/readBacks';
import type { Template } from '../../src-shared/connectors/types';
import type { BuiltRequest } from '../../src-shared/mapping/types';
import { apiErrorMessage } from '../../src-shared/runner/classifyResponse';
import type { Db } from '../db/openDb';
import { recordReadAttempt } from '../db/readAttempts';
import { markReadBackMismatch, noteReadBack } from '../db/readBacks';
import type { LookupResult } from './inDoubt';

export type ReadBackMode = NonNullable<JobOptions['readBack']>;

export interface ReadBackDeps {
  db: Db;
  template: Template;
  /** One signed, throttled GET (lookupClient.ts). */
  read(pathAndQuery: string): Promise<LookupResult>;
  clock(): number;
}

export interface ReadBackResult {
  verdict: ReadBackVerdict;
  /** The sentence kept with the row (and, for a mismatch, the job's stop reason). */
  message: string;
}

/** Whether this template's writes can be read back at all. */
export const hasReadBack = (template: Template): boolean => readBackFor(template.id) !== undefined;

/** Said in the canary's message for a template that has no public read (e.g. program membership). */
export const noReadBackNote = (template: Template): string | null => NO_READ_BACK[template.id] ?? null;

export async function readBackRow(
  d: ReadBackDeps,
  item: { id: number; rowNumber: number },
  built: BuiltRequest,
  responseBody: string,
): Promise<ReadBackResult> {
  const spec = readBackFor(d.template.id);
  if (!spec) throw new Error(`internal: no read-back for ${d.template.id}`);
  const w = { template: d.template, built, responseBody };
  const path = spec.read(w);
  if (!path) {
    const verdict: ReadBackVerdict = { kind: 'unreadable', why: 'the write gave nothing to read it back by' };
    const message = `Read back: not checked (${verdict.why}).`;
    noteReadBack(d.db, item.id, message, d.clock());
    return { verdict, message };
  }
  const r = await d.read(path);
  recordReadAttempt(d.db, 'readback', item.id, r);
  const verdict: ReadBackVerdict =
    r.status === null
      ? { kind: 'unreadable', why: r.error ?? 'no answer' }
      : spec.compare(w, r.status, r.body);
  const at = d.clock();
  if (verdict.kind === 'mismatch') {
    const both = describeMismatch(verdict);
    const message = `Row ${item.rowNumber}: the LMS answered the write with success, but reading back ${spec.what} shows it does not hold what was sent: ${both}.`;
    markReadBackMismatch(
      d.db,
      item.id,
      `Read back: ${both}`,
      `The write answered with success; reading back ${spec.what} (GET ${path}) showed the LMS does not hold it.`,
      at,
    );
    return { verdict, message };
  }
  if (verdict.kind === 'match') {
    const message = `Read back: ${verdict.detail} (GET ${path}).`;
    noteReadBack(d.db, item.id, message, at);
    return { verdict, message };
  }
  const why = r.status !== null && r.status >= 400 ? apiErrorMessage(r.status, r.body) : verdict.why;
  const message = `Read back: could not check ${spec.what} (${why}).`;
  noteReadBack(d.db, item.id, message, at);
  return { verdict, message };
}
