import { describe, expect, it } from 'vitest';
import type { JobEventDto } from '../../../src-shared/contract/api';
import {
  addJobEvent,
  describeJobEvent,
  endedDetail,
  EVENTS_KEPT,
  FOLD_WITHIN_MS,
  readSettledFact,
  resolvedFact,
  rowsText,
  startedDetail,
} from '../../../src-shared/runner/jobEvents';
import { cutOffError } from '../../../src-shared/runner/cutOffAnswer';
import { eventLine } from '../../../src-main/cli/commandKit';
import { defaultDataDir } from '../../../src-main/services/dataDir';

describe('job events in words', () => {
  it('names rows once, then counts the rest', () => {
    expect(rowsText([4], 1)).toBe('row 4');
    expect(rowsText([4, 7], 2)).toBe('rows 4 and 7');
    expect(rowsText([4, 7, 9, 12, 15], 42)).toBe('rows 4, 7, 9, 12, 15 and 37 more');
    expect(rowsText([4, 7, 9, 12, 15], null)).toBe('rows 4, 7, 9, 12, 15 and others');
    expect(rowsText([4], null)).toBe('row 4');
  });

  // A row whose answer was cut off after its status did reach the LMS: "may or may not have reached" was
  // wrong for it (the status came). Said from the row's error as sendHttp words it (cutOffAnswer.ts).
  it('a row in doubt because its answer was cut off says it reached the LMS, with the status', () => {
    const events: JobEventDto[] = [];
    const detail = cutOffError('academy.example.com', 201, 'ECONNRESET');
    const e = addJobEvent(events, 'j', { kind: 'inDoubt', at: 1000, rowNumber: 7, status: null, detail });
    expect(e.message).toBe(
      'Row 7 reached the LMS, which answered HTTP 201, but the answer was cut off after the status ' +
        '(ECONNRESET): in doubt, since what the LMS did is not known from it; not sent again by itself.',
    );
    expect(e.message).not.toMatch(/may or may not/);
    const lost = addJobEvent(events, 'j', {
      kind: 'inDoubt',
      at: 1001,
      rowNumber: 8,
      detail: 'no answer in 30 s',
    });
    expect(lost.message).toMatch(/^Row 8 may or may not have reached the LMS \(no answer in 30 s\)/);
  });

  // A recipe job's rows go step by step: what falls in doubt, fails or is tried again is an item (a step of
  // a row), and said so — "Rows 2 and 3 may or may not have reached the LMS" read as whole rows.
  it("a recipe job's events say items of rows, not rows", () => {
    const events: JobEventDto[] = [];
    const one = addJobEvent(events, 'j', {
      kind: 'inDoubt',
      at: 1000,
      rowNumber: 2,
      detail: 'no answer',
      items: true,
    });
    expect(one.message).toMatch(/^An item of row 2 may or may not have reached the LMS \(no answer\)/);
    const two = addJobEvent(events, 'j', {
      kind: 'inDoubt',
      at: 1001,
      rowNumber: 3,
      detail: 'no answer',
      items: true,
    });
    expect(two).toBe(one);
    expect(two.message).toMatch(/^2 items of rows 2 and 3 may or may not have reached the LMS/);
    const failed = addJobEvent(events, 'j', {
      kind: 'failed',
      at: 1002,
      rowNumber: 4,
      detail: 'HTTP 422',
      items: true,
    });
    expect(failed.message).toBe('An item of row 4 failed: HTTP 422');
    const plain = addJobEvent([], 'k', { kind: 'failed', at: 1002, rowNumber: 4, detail: 'HTTP 422' });
    expect(plain.message).toBe('Row 4 failed: HTTP 422');
  });

  // Found by review: a recipe row's items folded into one event counted once per row — two enrolments of row 2
  // failing alike said "An item of row 2 failed", and "Items of rows 2, 3, 4, 5, 6 and 37 more" counted rows
  // where the job's counts ("Completed: 3 succeeded, 80 failed") and hints count items.
  it("a recipe job's folded failures count items, each once, naming their rows", () => {
    const events: JobEventDto[] = [];
    const fail = (itemId: number, rowNumber: number, at: number) =>
      addJobEvent(events, 'j', {
        kind: 'failed',
        at,
        rowNumber,
        itemId,
        detail: 'HTTP 422: course 7 is full',
        items: true,
      });
    expect(fail(10, 2, 1000).message).toBe('An item of row 2 failed: HTTP 422: course 7 is full');
    const two = fail(11, 2, 1001);
    expect(two.count).toBe(2);
    expect(two.message).toBe('2 items of row 2 failed: HTTP 422: course 7 is full');
    // The same item said again (a fact repeated) is not counted twice.
    expect(fail(11, 2, 1002).count).toBe(2);
    for (let i = 0; i < 6; i++) fail(20 + i, 3 + i, 1003 + i);
    const many = events.at(-1)!;
    expect(many.count).toBe(8);
    expect(many.message).toBe('8 items of rows 2, 3, 4, 5, 6 and others failed: HTTP 422: course 7 is full');
    // A plain job's rows as they were.
    const plain: JobEventDto[] = [];
    for (const row of [2, 3, 3])
      addJobEvent(plain, 'k', { kind: 'failed', at: 1000, rowNumber: row, itemId: row, detail: 'HTTP 422' });
    expect(plain[0]!.message).toBe('Rows 2 and 3 failed: HTTP 422');
  });

  it('says why the pace fell: the LMS asked, with its Retry-After', () => {
    const events: JobEventDto[] = [];
    const e = addJobEvent(events, 'j', {
      kind: 'throttled',
      at: 1000,
      rowNumber: 5,
      status: 503,
      retryAfterMs: 5000,
    });
    expect(e.message).toBe(
      'The LMS is busy (HTTP 503) and asked to wait: Retry-After 5 s. The rows wait and are sent again; no attempt is used up.',
    );
    const rl = addJobEvent(events, 'j', { kind: 'throttled', at: 1001, status: 429, retryAfterMs: null });
    expect(rl.message).toMatch(/^The LMS asked to slow down \(HTTP 429\): no Retry-After, waiting 1 s\./);
    const slow = addJobEvent(events, 'j', { kind: 'slowed', at: 1002, ratePerSecond: 1.8 });
    expect(slow.message).toMatch(/the pace is lowered to 1\.8\/s for now/);
  });

  it('folds repeats of one kind and cause into one event that counts them', () => {
    const events: JobEventDto[] = [];
    for (let row = 2; row < 40; row++)
      addJobEvent(events, 'j', {
        kind: 'failed',
        at: row,
        rowNumber: row,
        status: 409,
        detail: 'HTTP 409: exists',
      });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ seq: 1, count: 38, rows: [2, 3, 4, 5, 6] });
    expect(events[0]!.message).toBe('Rows 2, 3, 4, 5, 6 and 33 more failed: HTTP 409: exists');
    // Another cause is another event; the first one folds again when it comes back soon after.
    addJobEvent(events, 'j', { kind: 'failed', at: 50, rowNumber: 50, status: 422, detail: 'HTTP 422: bad' });
    addJobEvent(events, 'j', {
      kind: 'failed',
      at: 51,
      rowNumber: 51,
      status: 409,
      detail: 'HTTP 409: exists',
    });
    expect(events.map((e) => [e.seq, e.count])).toEqual([
      [1, 39],
      [2, 1],
    ]);
    // Long after, it starts a new event.
    addJobEvent(events, 'j', {
      kind: 'failed',
      at: 51 + FOLD_WITHIN_MS + 1,
      rowNumber: 60,
      status: 409,
      detail: 'HTTP 409: exists',
    });
    expect(events.at(-1)).toMatchObject({ seq: 3, count: 1 });
  });

  it('counts rows, not failures: a row failing again (a fan-out step, a retried item) is one row', () => {
    const events: JobEventDto[] = [];
    const fail = (row: number, at = row) =>
      addJobEvent(events, 'j', {
        kind: 'failed',
        at,
        rowNumber: row,
        status: 404,
        detail: 'HTTP 404: no course',
      });
    fail(2);
    expect(fail(2, 3).message).toBe('Row 2 failed: HTTP 404: no course');
    for (const row of [3, 3, 4, 5, 6, 7, 7, 8, 8, 8]) fail(row);
    expect(events).toHaveLength(1);
    expect(events[0]!.message).toBe('Rows 2, 3, 4, 5, 6 and 2 more failed: HTTP 404: no course');
  });

  it('does not fold a run’s events into the last run’s: each run’s come after its start, in order', () => {
    const events: JobEventDto[] = [];
    const fail = (at: number) =>
      addJobEvent(events, 'j', {
        kind: 'failed',
        at,
        rowNumber: 2,
        status: 404,
        detail: 'HTTP 404: no course',
      });
    fail(1_000);
    addJobEvent(events, 'j', { kind: 'started', at: 2_000, detail: 'Resumed: 1 row to send.' });
    fail(3_000);
    expect(events.map((e) => [e.kind, e.at, e.lastAt, e.message])).toEqual([
      ['failed', 1_000, 1_000, 'Row 2 failed: HTTP 404: no course'],
      ['started', 2_000, 2_000, 'Resumed: 1 row to send.'],
      ['failed', 3_000, 3_000, 'Row 2 failed: HTTP 404: no course'],
    ]);
  });

  it('`jobs events` dates an event by when it started, with its span when it lasted', () => {
    const t = Date.UTC(2026, 11, 1, 18, 11, 20);
    const events: JobEventDto[] = [];
    addJobEvent(events, 'j', { kind: 'throttled', at: t, status: 429, retryAfterMs: 1000 });
    expect(eventLine(events[0]!, defaultDataDir())).toMatch(
      /^2026-12-01 18:11:20  The LMS asked to slow down/,
    );
    addJobEvent(events, 'j', { kind: 'throttled', at: t + 28_000, status: 429, retryAfterMs: 1000 });
    expect(eventLine(events[0]!, defaultDataDir())).toMatch(
      /^2026-12-01 18:11:20–18:11:48  The LMS asked to slow down/,
    );
  });

  it('keeps the last EVENTS_KEPT, numbering on', () => {
    const events: JobEventDto[] = [];
    for (let i = 0; i < EVENTS_KEPT + 10; i++)
      addJobEvent(events, 'j', { kind: 'rateChanged', at: i, ratePerSecond: i + 1 });
    expect(events).toHaveLength(EVENTS_KEPT);
    expect(events[0]!.seq).toBe(11);
    expect(events.at(-1)!.seq).toBe(EVENTS_KEPT + 10);
  });

  it('tells a pause by the admin from one by the app', () => {
    const base = {
      count: 1,
      rows: [],
      status: null,
      retryAfterMs: null,
      ratePerSecond: null,
      retryInMs: null,
    };
    expect(describeJobEvent({ ...base, kind: 'paused', detail: null })).toMatch(/^Paused by you\./);
    expect(describeJobEvent({ ...base, kind: 'paused', detail: '3 refusals in a row.' })).toBe(
      'Paused by Bulk Desk: 3 refusals in a row.',
    );
    expect(
      describeJobEvent({
        ...base,
        kind: 'retrying',
        rows: [7],
        detail: 'connect ECONNREFUSED',
        retryInMs: 2500,
      }),
    ).toBe('Row 7: connect ECONNREFUSED; tried again in 2.5 s.');
  });
});

describe('how a job says it starts and ends', () => {
  const pace = { ratePerSecond: 10, concurrency: 4 };
  const counts = {
    pending: 0,
    sending: 0,
    succeeded: 1200,
    failed: 3,
    retry_wait: 0,
    in_doubt: 0,
    skipped: 0,
    waiting: 0,
    blocked: 0,
    total: 1203,
  };

  it('names the rows, the rate and the concurrency, or says a dry run sends nothing', () => {
    expect(startedDetail({ ...pace, rows: 60, dryRun: false, resumed: false })).toBe(
      'Started: 60 rows to send, at most 10/s, 4 in parallel.',
    );
    expect(
      startedDetail({
        ...pace,
        rows: 1,
        dryRun: false,
        resumed: true,
        ratePerSecond: Infinity,
        autoConcurrency: true,
      }),
    ).toBe('Resumed: 1 row to send, no rate limit, requests in parallel found automatically (from 4).');
    // A rerun of the failed rows is the admin's decision, not a resume: said so (it read "Resumed").
    expect(startedDetail({ ...pace, rows: 3, dryRun: false, resumed: true, rerun: true })).toBe(
      'Rerun of the failed rows: 3 rows to send, at most 10/s, 4 in parallel.',
    );
    // Its rows in doubt are settled first and may go too: said apart from the failed rows.
    expect(startedDetail({ ...pace, rows: 3, inDoubt: 2, dryRun: false, resumed: true, rerun: true })).toBe(
      'Rerun of the failed rows: 1 row to send, and 2 rows in doubt that may go too (sent again when a lookup ' +
        'finds the LMS never got one, or when the call is safe to repeat), at most 10/s, 4 in parallel.',
    );
    expect(
      startedDetail({ ...pace, rows: 3, recipeRows: 2, dryRun: false, resumed: true, rerun: true }),
    ).toBe('Rerun of the failed items: 3 items to send over 2 rows, at most 10/s, 4 in parallel.');
    // A recipe's items in doubt likewise, in items.
    expect(
      startedDetail({ ...pace, rows: 3, recipeRows: 2, inDoubt: 1, dryRun: false, resumed: true, rerun: true }),
    ).toBe(
      'Rerun of the failed items: 2 items to send, and 1 item in doubt that may go too (sent again when a lookup ' +
        'finds the LMS never got it, or when the call is safe to repeat), over 2 rows, at most 10/s, 4 in parallel.',
    );
    expect(startedDetail({ ...pace, rows: 12000, dryRun: true, resumed: false })).toBe(
      'Dry run started: 12,000 rows are built and checked; nothing is sent.',
    );
  });

  it('a recipe job counts its items to send, those waiting for an earlier step too, and the rows they are of', () => {
    // A walk-through: a 3-row recipe job with 7 items to send said "Started: 2 rows to send" — the items
    // ready at the first step, as if they were the whole job.
    expect(startedDetail({ ...pace, rows: 7, recipeRows: 3, dryRun: false, resumed: false })).toBe(
      'Started: 7 items to send over 3 rows, at most 10/s, 4 in parallel.',
    );
    expect(startedDetail({ ...pace, rows: 1, recipeRows: 1, dryRun: false, resumed: true })).toBe(
      'Resumed: 1 item to send over 1 row, at most 10/s, 4 in parallel.',
    );
  });

  it('ends with its counts when completed, its reason when stopped, and nothing new when paused or cancelled', () => {
    expect(endedDetail('completed', counts, null)).toBe('Completed: 1,200 succeeded, 3 failed.');
    expect(endedDetail('completed', { ...counts, skipped: 2, in_doubt: 1 }, null)).toBe(
      'Completed: 1,200 succeeded, 3 failed, 2 skipped, 1 in doubt.',
    );
    expect(endedDetail('interrupted', counts, 'The disk is full.')).toBe('Stopped: The disk is full.');
    // A reason that says so itself (a full disk's) is not said twice ("Stopped: Stopped: …", an audit saw).
    expect(endedDetail('interrupted', counts, 'Stopped: The disk is full.')).toBe(
      'Stopped: The disk is full.',
    );
    expect(endedDetail('interrupted', counts, 'Stopped by an internal error: x.')).toBe(
      'Stopped by an internal error: x.',
    );
    expect(endedDetail('paused', counts, 'Paused by you.')).toBeNull();
    expect(endedDetail('cancelled', counts, null)).toBeNull();
  });

  it("says the admin's decision on rows in doubt: each row once, the first few named, the rest counted", () => {
    const events: JobEventDto[] = [];
    // A recipe's row 3 had two steps in doubt: one row.
    const e = addJobEvent(events, 'j', resolvedFact('resend', [9, 3, 3, 4, 2, 8, 7], 1000));
    expect(e).toMatchObject({ kind: 'resolved', rows: [2, 3, 4, 7, 8], count: 6, detail: 'sent again' });
    expect(e.message).toBe('Rows 2, 3, 4, 7, 8 and 1 more were in doubt: you chose to send them again.');
    // Each decision is its own line, never folded into the last.
    const f = addJobEvent(events, 'j', resolvedFact('markFailed', [12], 1001));
    expect(f.seq).toBe(2);
    expect(f.message).toBe('Row 12 was in doubt: you marked it as failed (not sent again).');
  });

  // A recipe job's rows in doubt are items of rows, counted as items (its other counts are items too).
  it("says a recipe job's items in doubt settled as items of rows, each counted", () => {
    const read = addJobEvent([], 'j', { ...readSettledFact('found', [4, 3, 3], 1000), items: true });
    expect(read.count).toBe(3);
    expect(read.message).toBe(
      '3 items of rows 3 and 4 were in doubt: a read of the LMS found they had arrived, so they were not sent again.',
    );
    const one = addJobEvent([], 'j', { ...resolvedFact('markFailed', [5], 1000), items: true });
    expect(one.message).toBe('An item of row 5 was in doubt: you marked it as failed (not sent again).');
  });

  it('says rows in doubt a read of the LMS settled, apart from the admin’s decisions', () => {
    const events: JobEventDto[] = [];
    const found = addJobEvent(events, 'j', readSettledFact('found', [5, 3], 1000));
    expect(found.message).toBe(
      'Rows 3 and 5 were in doubt: a read of the LMS found they had arrived, so they were not sent again.',
    );
    const absent = addJobEvent(events, 'j', readSettledFact('resend', [4], 1001));
    expect(absent.message).toBe(
      'Row 4 was in doubt: a read of the LMS found it had not arrived, so it is sent again.',
    );
  });
});
