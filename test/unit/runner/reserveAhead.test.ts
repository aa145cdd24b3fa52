import { describe, expect, it } from 'vitest';
import {
  FAST_AHEAD,
  MAX_ANSWER_WAIT_MS,
  reserveAhead,
  turnDueIn,
  type ReserveState,
  type TurnState,
} from '../../../src-shared/runner/reserveAhead';

const open: ReserveState = {
  mayReserve: true,
  accepted: true,
  canaryActive: false,
  recipe: false,
  slots: 16,
  held: false,
  ratePerSecond: Infinity,
  answersPerSecond: 0,
};

describe('rows reserved ahead (reserveAhead.ts)', () => {
  it('keeps eight times the slots for single calls and twice for a recipe, never fewer than 8', () => {
    expect(reserveAhead(open)).toBe(128);
    expect(reserveAhead({ ...open, recipe: true })).toBe(32);
    expect(reserveAhead({ ...open, slots: 1 })).toBe(8);
    expect(reserveAhead({ ...open, slots: 1, recipe: true })).toBe(8);
  });

  it('keeps 128 ahead of fewer slots while the answers come fast enough to leave within half a second', () => {
    const eight = { ...open, slots: 8 };
    expect(reserveAhead(eight)).toBe(64); // no answer yet: by the slots
    expect(reserveAhead({ ...eight, answersPerSecond: 53 })).toBe(64); // 150 ms answers: 26 in half a second
    expect(reserveAhead({ ...eight, answersPerSecond: 200 })).toBe(100);
    expect(reserveAhead({ ...eight, answersPerSecond: 3500 })).toBe(FAST_AHEAD);
    expect(reserveAhead({ ...open, slots: 1, answersPerSecond: 3500 })).toBe(FAST_AHEAD);
    // More slots than that keep their eight times; a recipe keeps twice its slots; a rate still bounds it.
    expect(reserveAhead({ ...open, slots: 32, answersPerSecond: 3500 })).toBe(256);
    expect(reserveAhead({ ...eight, recipe: true, answersPerSecond: 3500 })).toBe(16);
    expect(reserveAhead({ ...eight, answersPerSecond: 3500, ratePerSecond: 100 })).toBe(50);
  });

  it('reserves nothing where a crash would leave the admin a row to decide, before the LMS accepted one, or during the canary', () => {
    expect(reserveAhead({ ...open, mayReserve: false })).toBe(0);
    expect(reserveAhead({ ...open, accepted: false })).toBe(0);
    expect(reserveAhead({ ...open, canaryActive: true })).toBe(0);
  });

  it('never more than can leave soon: none while the throttle holds, half a second of a rate at most', () => {
    expect(reserveAhead({ ...open, held: true })).toBe(0);
    expect(reserveAhead({ ...open, ratePerSecond: 10 })).toBe(5);
    expect(reserveAhead({ ...open, ratePerSecond: 0.5 })).toBe(1);
    expect(reserveAhead({ ...open, ratePerSecond: 1000 })).toBe(128);
  });
});

describe('when a turn is written (turnDueIn)', () => {
  const waiting: TurnState = {
    reserved: 100,
    inFlight: 16,
    aside: 0,
    slots: 16,
    ahead: 128,
    answers: 3,
    oldestAnswerAt: 1_000,
    now: 1_010,
  };

  it('writes at once with nothing reserved or nothing in flight: the rows it marks wait for its commit', () => {
    expect(turnDueIn({ ...waiting, reserved: 0 })).toBe(0);
    expect(turnDueIn({ ...waiting, inFlight: 0 })).toBe(0);
  });

  it('waits while the reservations last, at most until the oldest answer has waited its bound', () => {
    expect(turnDueIn(waiting)).toBe(MAX_ANSWER_WAIT_MS - 10);
    expect(turnDueIn({ ...waiting, now: 1_000 + MAX_ANSWER_WAIT_MS + 5 })).toBe(0);
    // No answer to write yet: the loop sleeps until one wakes it.
    expect(turnDueIn({ ...waiting, answers: 0, oldestAnswerAt: null })).toBe(1000);
  });

  it('writes when the reservations run low or half of them have been answered', () => {
    expect(turnDueIn({ ...waiting, reserved: 64 })).toBe(0);
    expect(turnDueIn({ ...waiting, reserved: 65 })).toBeGreaterThan(0);
    expect(turnDueIn({ ...waiting, answers: 64 })).toBe(0);
  });

  it('writes at once for items set aside when a slot is free, not while every slot is busy', () => {
    expect(turnDueIn({ ...waiting, aside: 1, inFlight: 15 })).toBe(0);
    expect(turnDueIn({ ...waiting, aside: 1, inFlight: 16 })).toBeGreaterThan(0);
  });
});
