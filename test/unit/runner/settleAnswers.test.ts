// What the answers do to their rows (src-main/runner/settleAnswers.ts), with the catalog's real
// template, the real canary and the real answer classifier: the counters, the breakers, the events, the
// rows read back, and which body each row of a batched call keeps. The writes themselves are applied
// to a real database by the runner's integration tests; here they are only counted and read.
import { describe, expect, it } from 'vitest';
import type { ItemStatus } from '../../../src-shared/contract/api';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import type { RowOutcome } from '../../../src-shared/runner/breakers';
import { classifyResponse } from '../../../src-shared/runner/classifyResponse';
import type { JobEventFact } from '../../../src-shared/runner/jobEvents';
import type { ClaimedItem } from '../../../src-main/db/items';
import type { WriteOp } from '../../../src-main/db/writeOps';
import { CanaryGate } from '../../../src-main/runner/canary';
import type { Exchange } from '../../../src-main/runner/exchange';
import type { Answered } from '../../../src-main/runner/launch';
import type { ReadBackMode } from '../../../src-main/runner/readBack';
import { settleAnswers, type AnswerContext } from '../../../src-main/runner/settleAnswers';

const AT = 1_000_000;
const create = getTemplate('coursepath.members.create')!;
const item = (id: number): ClaimedItem => ({
  id,
  rowNumber: id + 1,
  attempts: 0,
  status: 'pending',
  cells: [],
  lastAttempt: 0,
});
const BUILT = { method: 'POST', pathAndQuery: '/api/v1/members', headers: {}, body: 'email=a%40example.com' };

function answer(
  rows: ClaimedItem[],
  status: number | null,
  body = '{"id":7,"email":"a@example.com"}',
): Answered {
  const x: Exchange = {
    status,
    body,
    retryAfter: null,
    error: status === null ? 'socket hang up' : null,
    durationMs: 4,
    maybeArrived: true,
  };
  return {
    launch: {
      work: { items: rows },
      built: BUILT,
      url: 'https://lms.example/api/v1/members',
      note: '[batched]',
      attemptIds: rows.map((r) => r.id * 10),
      startedAt: AT - 4,
      tag: 0,
    },
    x,
    verdict: classifyResponse(status, body, null, AT),
    at: AT,
    retryAt: AT + 1_500,
  };
}

function context(readBack: ReadBackMode = 'off', canary = new CanaryGate(0, 0)) {
  const seen = {
    moves: [] as string[],
    breakers: [] as RowOutcome[],
    events: [] as JobEventFact[],
    accepted: 0,
  };
  const ctx: AnswerContext = {
    maxAttempts: 5,
    readBack,
    plan: null,
    canary,
    templateFor: () => create,
    move: (from: ItemStatus, to: ItemStatus) => seen.moves.push(`${from}→${to}`),
    applyMoves: () => {},
    feedBreakers: (o) => seen.breakers.push(o),
    accepted: () => seen.accepted++,
    event: (f) => seen.events.push(f),
    earlierLost: () => false,
    sawThereBefore: () => null,
    addedByRow: () => null,
    goneBefore: () => null,
    reversal: false,
    sawGone: () => false,
  };
  return { ctx, seen };
}

/** The response body each attempt keeps (the first argument after duration and status). */
const storedBodies = (ops: WriteOp[]) =>
  ops.filter((o) => o.sql.startsWith('UPDATE attempts')).map((o) => o.args[2]);

describe('settleAnswers', () => {
  it("a batched call's rows all succeed; the first keeps the answer, the others the note", () => {
    const { ctx, seen } = context();
    const ops: WriteOp[] = [];
    const checks = settleAnswers(ctx, [answer([item(1), item(2), item(3)], 200)], ops);
    expect(seen.moves).toEqual(['sending→succeeded', 'sending→succeeded', 'sending→succeeded']);
    expect(storedBodies(ops)).toEqual(['{"id":7,"email":"a@example.com"}', '[batched]', '[batched]']);
    expect(seen.accepted).toBe(3);
    expect(seen.breakers.map((b) => b.kind)).toEqual(['success', 'success', 'success']);
    expect(seen.events).toEqual([]); // a success says nothing
    expect(checks).toEqual([]); // read-back off
  });

  it('reads back the canary rows only by default, every row when asked', () => {
    const canary = new CanaryGate(1, 0);
    canary.launched([item(1)]);
    const byDefault = context('canary', canary);
    const checks = settleAnswers(byDefault.ctx, [answer([item(1)], 201), answer([item(2)], 201)], []);
    expect(checks.map((c) => c.item.id)).toEqual([1]);
    expect(canary.complete).toBe(false); // the canary row's read-back is still awaited
    const all = context('all');
    expect(
      settleAnswers(all.ctx, [answer([item(3)], 201), answer([item(4)], 201)], []).map((c) => c.item.id),
    ).toEqual([3, 4]);
  });

  it('a throttled row waits without an event of its own; a 500 says when it is retried', () => {
    const { ctx, seen } = context();
    settleAnswers(ctx, [answer([item(1)], 429, 'slow down'), answer([item(2)], 500, 'oops')], []);
    expect(seen.moves).toEqual(['sending→retry_wait', 'sending→retry_wait']);
    expect(seen.events).toHaveLength(1);
    expect(seen.events[0]).toMatchObject({ kind: 'retrying', rowNumber: 3, status: 500, retryInMs: 1_500 });
  });

  it('a refusal of the credentials fails the row and tells the breaker which row, which says it if it did fail', () => {
    const { ctx, seen } = context();
    settleAnswers(ctx, [answer([item(5)], 401, '{"message":"Unauthorized"}')], []);
    expect(seen.moves).toEqual(['sending→failed']);
    expect(seen.breakers).toEqual([expect.objectContaining({ kind: 'refused', itemId: 5 })]);
    // Not said now: if the breaker opens, the row goes back to pending and never failed.
    expect(seen.events).toEqual([]);
    const refused = seen.breakers[0]!;
    expect(refused.kind === 'refused' && refused.said).toMatchObject({
      kind: 'failed',
      rowNumber: 6,
      status: 401,
    });
    expect(seen.accepted).toBe(0);
  });

  it('no answer to a create that may have arrived: in doubt, not sent again', () => {
    const { ctx, seen } = context();
    const ops: WriteOp[] = [];
    settleAnswers(ctx, [answer([item(8)], null, '')], ops);
    expect(seen.moves).toEqual(['sending→in_doubt']);
    expect(seen.events[0]).toMatchObject({ kind: 'inDoubt', rowNumber: 9, status: null });
    expect(ops.some((o) => o.sql.includes("'retry_wait'") || o.args.includes('retry_wait'))).toBe(false);
  });

  it('an add told 409 in the same turn as the success of its repeat names that row (not on disk yet)', () => {
    const { ctx, seen } = context();
    const enrol = getTemplate('coursepath.courses.enrol')!;
    const asked: (readonly number[])[] = [];
    const addCtx: AnswerContext = {
      ...ctx,
      templateFor: () => enrol,
      addedByRow: (_id, succeeding) => (asked.push(succeeding), succeeding.includes(2) ? 3 : null),
    };
    const conflict = answer([item(1)], 409, '{"message":"Member is already enrolled in this course"}');
    const ops: WriteOp[] = [];
    // The 409 comes first in the turn: the success it repeats is known all the same.
    settleAnswers(addCtx, [conflict, answer([item(2)], 201, '{}')], ops);
    expect(seen.moves).toEqual(['sending→succeeded', 'sending→succeeded']);
    expect(asked).toEqual([[2]]);
    expect(
      ops.some((o) => o.args.some((a) => typeof a === 'string' && a.startsWith('Already there: row 3 '))),
    ).toBe(true);
  });
});
