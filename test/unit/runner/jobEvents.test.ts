import { describe, expect, it } from 'vitest';
import type { JobEventDto } from '../../../src-shared/contract/api';
import {
  addJobEvent,
  describeJobEvent,
  EVENTS_KEPT,
  FOLD_WITHIN_MS,
  rowsText,
} from '../../../src-shared/runner/jobEvents';

describe('job events in words', () => {
  it('names rows once, then counts the rest', () => {
    expect(rowsText([4], 1)).toBe('row 4');
    expect(rowsText([4, 7], 2)).toBe('rows 4 and 7');
    expect(rowsText([4, 7, 9, 12, 15], 42)).toBe('rows 4, 7, 9, 12, 15 and 37 more');
    expect(rowsText([4, 7, 9, 12, 15], null)).toBe('rows 4, 7, 9, 12, 15 and others');
    expect(rowsText([4], null)).toBe('row 4');
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
