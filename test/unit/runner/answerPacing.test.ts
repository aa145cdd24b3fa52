// What a throttle signal's Retry-After does to the job (src-main/runner/answerPacing.ts), with the real
// throttle, meter and limiter: a wait past MAX_RETRY_AFTER_MS pauses the job instead of holding it; a
// header that cannot be read is said as such.
import { describe, expect, it } from 'vitest';
import { receiveAnswer, type AnswerPacing } from '../../../src-main/runner/answerPacing';
import type { PauseReason } from '../../../src-main/runner/activeJobSetup';
import type { Launch } from '../../../src-main/runner/launch';
import { Throttle } from '../../../src-main/runner/throttle';
import type { JobEventFact } from '../../../src-shared/runner/jobEvents';
import { describeJobEvent } from '../../../src-shared/runner/jobEvents';
import { ConcurrencyLimiter } from '../../../src-shared/runner/concurrencyLimiter';
import { createRateMeter } from '../../../src-shared/runner/rateMeter';
import { formatDateTime } from '../../../src-shared/util/dates';
import { WindowLimiter } from '../../../src-shared/runner/windowLimiter';

function world() {
  const events: JobEventFact[] = [];
  const pauses: PauseReason[] = [];
  const throttle = new Throttle(Infinity, new WindowLimiter(null), 0);
  const p: AnswerPacing = {
    throttle,
    meter: createRateMeter(),
    limiter: new ConcurrencyLimiter({ initial: 1, pinned: 1 }),
    rand: () => 0.5,
    limiterMoved: () => {},
    event: (f) => events.push(f),
    pauseFor: (r) => pauses.push(r),
  };
  const launch = { work: { items: [{ id: 1, rowNumber: 2, attempts: 0 }] }, tag: 0 } as unknown as Launch;
  const answer = (retryAfter: string | null, at: number) =>
    receiveAnswer(
      p,
      launch,
      { status: 429, body: '', retryAfter, error: null, durationMs: 5, maybeArrived: true },
      at,
    );
  return { events, pauses, throttle, answer };
}

describe('Retry-After', () => {
  it('a day: the job pauses, saying the wait asked and when it ends, and holds only a second', () => {
    const w = world();
    const at = Date.UTC(2026, 11, 3, 11, 0);
    const a = w.answer('86400', at);
    expect(w.pauses).toHaveLength(1);
    expect(w.pauses[0]!.kind).toBe('throttled');
    expect(w.pauses[0]!.message).toContain(
      `asked to wait 24 h 0 min (Retry-After: 86400), until ${formatDateTime(at + 86_400_000)}:`,
    );
    expect(w.throttle.holdUntil).toBe(at + 1000);
    expect(a.retryAt).toBe(at + 1000);
  });

  it('ten minutes: waited by itself, no pause', () => {
    const w = world();
    const a = w.answer('600', 1_000);
    expect(w.pauses).toHaveLength(0);
    expect(a.retryAt).toBe(1_000 + 600_000);
  });

  it("'soon': said as unreadable, not as no Retry-After", () => {
    const w = world();
    w.answer('soon', 1_000);
    const e = w.events.find((f) => f.kind === 'throttled')!;
    const message = describeJobEvent({
      kind: e.kind,
      count: 1,
      rows: [2],
      status: e.status ?? null,
      retryAfterMs: e.retryAfterMs ?? null,
      ratePerSecond: null,
      detail: e.detail ?? null,
      retryInMs: null,
    });
    expect(message).toContain("Retry-After 'soon' could not be read, waiting 1 s");
    expect(message).not.toContain('no Retry-After');
  });
});
