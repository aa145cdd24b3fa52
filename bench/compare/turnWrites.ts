// The runner's writes for a create-member job, without its HTTP: the job made by the real services (a
// connection nothing answers, the dataset imported, the job created as runnerChild.ts does), and a turn's
// production writes — the previous turn's answers recorded (recordOutcomeOps, with a body the size of
// the sandbox's) and the due rows marked `sending` (markSendingOps). Shared by the durable floor
// (./durableFloorChild.ts) and the writer thread's hand-off (../writerHandoff.ts).
import type { Services } from '../../src-main/services';
import * as items from '../../src-main/db/items';
import type { WriteOp } from '../../src-main/db/writeOps';
import { call } from './benchServices';

export const FLOOR_URL = 'http://127.0.0.1:9/api/v1/members';

const HEADERS = JSON.stringify({
  Accept: 'application/json',
  'Content-Type': 'application/x-www-form-urlencoded',
  Authorization: 'Bearer (signed per attempt, not stored)',
});

// The sandbox's answer to POST /api/v1/members, about 360 bytes.
const answer = (i: number) =>
  JSON.stringify({
    id: 1_000_000 + i,
    email: `user${i}@example.com`,
    name: 'Aisha Lefèvre',
    firstname: 'Aisha',
    lastname: 'Lefèvre',
    company: null,
    department: null,
    country: null,
    externalId: null,
    association: null,
    identification: null,
    registration: null,
    role: 'learner',
    created: '2026-12-01T23:11:17.607Z',
    updated: '2026-12-01T23:11:17.607Z',
    invited: null,
    activated: null,
  });

/** A create-member job of the rows of `csv`, on a connection nothing answers (never started). */
export async function floorJob(s: Services, csv: string): Promise<{ id: string; rows: number }> {
  const conn = await call(s, 'connections.save', {
    name: 'Floor',
    baseUrl: 'http://127.0.0.1:9',
    identity: { api: 'coursepath', email: 'admin@example.com' },
    secret: 'floor-secret',
  });
  const dataset = await call(s, 'datasets.import', { source: { kind: 'path', path: csv } });
  const job = await call(s, 'jobs.create', {
    datasetId: dataset.id,
    connectionId: conn.id,
    templateId: 'coursepath.members.create',
    mapping: { fields: { email: { kind: 'column', column: 'email' } } },
    options: { canary: 0 },
  });
  return { id: job.id, rows: job.counts.total };
}

/** A row marked `sending` by a turn: the attempt its answer is recorded on. */
export interface SentRow {
  itemId: number;
  attemptId: number;
}

/**
 * One turn's writes at `now`: `answered` (rows sent by the previous turn) recorded as succeeded, `due`
 * marked `sending`. The ids the transaction hands back are the new attempts', in `due`'s order.
 */
export function turnOps(
  answered: readonly SentRow[],
  due: readonly { id: number; lastAttempt: number; cells: string[] }[],
  now: number,
): WriteOp[] {
  const ops: WriteOp[] = [];
  for (const a of answered)
    ops.push(
      ...items.recordOutcomeOps({
        itemId: a.itemId,
        attemptId: a.attemptId,
        status: 'succeeded',
        responseStatus: 201,
        responseBody: answer(a.itemId),
        error: null,
        durationMs: 3,
        nextAttemptAt: null,
        captured: { 'Member ID': String(1_000_000 + a.itemId) },
        at: now,
      }),
    );
  for (const item of due)
    ops.push(
      ...items.markSendingOps({
        itemId: item.id,
        attempt: item.lastAttempt + 1,
        method: 'POST',
        url: FLOOR_URL,
        requestHeaders: HEADERS,
        requestBody: `email=${encodeURIComponent(item.cells[0] ?? '')}`,
        startedAt: now,
      }),
    );
  return ops;
}
