// A state change (restore, publish, revert a course) sent again after its answer was lost, and refused:
// the target's state is read before the answer is written — one signed GET through the job's throttle,
// kept with the row as a `lookup` attempt — and the row is settled by what it finds
// (src-shared/runner/answerDecision.ts `readsStateWhenRefused`, `decideAnswer`). The request keeps its slot
// meanwhile. Only on that path: a success, or a refusal with nothing lost before, reads nothing.
import { readBackFor } from '../../src-shared/connectors/readBacks';
import type { Template } from '../../src-shared/connectors/types';
import { readsStateWhenRefused, type StateRead } from '../../src-shared/runner/answerDecision';
import { recordReadAttempt } from '../db/readAttempts';
import type { Db } from '../db/openDb';
import type { LookupResult } from './inDoubt';
import type { Answered } from './launch';

export interface StateReadDeps {
  db: Db;
  templateFor(itemId: number): Template;
  /** Whether a send of the item before this attempt may have reached the LMS with its answer lost. */
  earlierLost(itemId: number, attemptId: number): boolean;
  /** One signed, throttled GET (lookupClient.ts). */
  read(pathAndQuery: string): Promise<LookupResult>;
}

/** The read `a` calls for, made; null when it calls for none (the common case, decided without I/O first). */
export async function stateAfterRefusal(d: StateReadDeps, a: Answered): Promise<StateRead | null> {
  const { work, built, attemptIds } = a.launch;
  if (work.items.length !== 1) return null; // a batch's rows are not state changes
  const item = work.items[0]!;
  const template = d.templateFor(item.id);
  if (!readsStateWhenRefused(template.stateChange === true, a.verdict, a.x.status)) return null;
  const spec = readBackFor(template.id);
  if (!spec) return null;
  const w = { template, built, responseBody: '' };
  const read = { what: spec.what, name: spec.name?.(w) ?? null, unseen: spec.unseen ?? null };
  let lost = false;
  try {
    lost = d.earlierLost(item.id, attemptIds[0]!);
    if (!lost) return null;
    const path = spec.read(w);
    if (!path)
      return { ...read, verdict: { kind: 'unreadable', why: 'the row gives nothing to read it by' } };
    const r = await d.read(path);
    recordReadAttempt(d.db, 'lookup', item.id, r);
    return {
      ...read,
      verdict:
        r.status === null
          ? { kind: 'unreadable', why: r.error ?? 'no answer' }
          : spec.compare(w, r.status, r.body),
    };
  } catch (e) {
    // The database refused (the turn's commit will say so): no row is taken as done on a read not kept.
    const why = `the read could not be kept: ${e instanceof Error ? e.message : String(e)}`;
    return lost ? { ...read, verdict: { kind: 'unreadable', why } } : null;
  }
}
