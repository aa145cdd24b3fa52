// A key revoked while a job sends (the LMS accepted it for the first rows): the requests already out come
// back refused, and no new one leaves after the first refusal but the one a wrong key is allowed at a time —
// the breaker's 3 refusals in a row are among the answers already due. It used to keep filling each slot a
// refusal freed until the next turn fed the breaker: a bad key hammered with new rows. With undo on (each row
// read before its write), the read made every row of the run look "sent in an earlier run", so each refusal
// was that row's own failure: the breaker for the key never opened, and rows failed until 20 of 50 had.
// Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP (the refusals answered in front of it).
import { describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/services';
import { sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { callOk } from '../../helpers/callOk';
import { armDbLock, type HeldLock } from '../../helpers/holdDbLock';
import { startUsersAtEight } from '../../helpers/usersAtEight';
import { useTempServices } from '../../helpers/tempServices';

/** `count` users upserted to the sandbox's Coassemble, 8 in flight, no canary; the job once it settles. */
async function runUsers(s: Services, count: number, undo: boolean) {
  const job = await startUsersAtEight(s, count, undo);
  return { job, done: await s.runner.whenSettled(job.id) };
}

describe('a key revoked mid-job', () => {
  const temp = useTempServices();

  for (const undo of [false, true])
    it(`sends no new row after the first refusal but one at a time, and pauses for the key (undo ${undo ? 'on: each row read before its write' : 'off'})`, async () => {
      const revokedAfter = 40;
      let sent = 0;
      let refusedBack = false;
      let inFlight = 0;
      let inFlightAtRefusal = 0;
      let leftAfterRefusal = 0;
      let allOut!: () => void;
      const slotsFull = new Promise<void>((r) => (allOut = r));
      const send = async (req: HttpRequest): Promise<HttpResponse> => {
        const n = ++sent;
        if (refusedBack) leftAfterRefusal++;
        if (n <= revokedAfter) return sendHttp(req);
        inFlight++;
        // The refusals come back once the 8 slots hold the first 8 (under load the requests leave spread
        // out: counted from each one's own start, the first came back with only 1 or 2 out, and the breaker
        // needed a request sent after it), then spread out as a loaded LMS answers: each frees a slot before
        // the next turn. The first to leave comes back last.
        if (n === revokedAfter + 8) allOut();
        await slotsFull;
        await new Promise((r) => setTimeout(r, n === revokedAfter + 1 ? 400 : 20 + (n % 8) * 25));
        inFlight--;
        if (!refusedBack) inFlightAtRefusal = inFlight;
        refusedBack = true;
        return { status: 401, headers: {}, body: '{"message":"Invalid API key"}', durationMs: 20 };
      };
      const s = await temp.open({ sandbox: { seed: 6, coassembleLimit: null }, send });
      const { job, done } = await runUsers(s, 200, undo);
      expect(done).toMatchObject({ state: 'paused', stopReason: { kind: 'auth' } });
      // The rows refused after the breaker opened (out at the time) are the key's too: none failed.
      const failed = await callOk(s, 'jobs.items', { jobId: job.id, status: 'failed', offset: 0, limit: 5 });
      const which = JSON.stringify(failed.items.map((i) => [i.rowNumber, i.error, i.attempts]));
      expect(done.counts, which).toMatchObject({ failed: 0, in_doubt: 0 });
      expect(done.counts.succeeded + done.counts.pending).toBe(200);
      // Enough were out to open the breaker by themselves: all the slots but the one just freed.
      expect(inFlightAtRefusal).toBe(7);
      expect(leftAfterRefusal, `${sent} sent in all`).toBeLessThanOrEqual(1);
    }, 60_000);

  // A turn claims the rows free slots may take while the key still works, and its rows leave once it has
  // committed. A refusal that comes back while the turn is being written (a slow commit: a loaded machine, a
  // backup tool holding the database a moment) makes it one at a time again: the turn's rows used to leave
  // all the same, all of them, into a revoked key ("48 sent in all: expected 2 to be ≤ 1" under load). Here
  // the last 5 accepted answers come back together while the first 3 refused requests are out and another
  // program holds the database's write lock; the first refusal comes back before it lets go.
  it('a turn being written when the first refusal comes back sends none of its rows into the refused key', async () => {
    const revokedAfter = 40;
    const later = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let sent = 0;
    let refusedBack = false;
    let leftAfterRefusal = 0;
    let lock: HeldLock | null = null;
    let armed: Awaited<ReturnType<typeof armDbLock>> | null = null;
    let answerTogether!: () => void;
    const together = new Promise<void>((r) => (answerTogether = r));
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      const n = ++sent;
      if (refusedBack) leftAfterRefusal++;
      if (n <= revokedAfter) {
        const res = await sendHttp(req);
        // The last 5 accepted hold their slots until the 3 refused after them are out.
        if (n > revokedAfter - 5) await together;
        return res;
      }
      if (n === revokedAfter + 3) {
        // All 8 slots are taken (5 accepted, 3 refused). The database locked, the accepted answers come
        // back: the turn that writes them claims the 5 free slots, and waits for the lock.
        lock = await armed!.take();
        answerTogether();
      }
      // Counted from then (taking the lock may take a while on a loaded machine): the 1st refusal comes back
      // while the lock is held, the 2nd and 3rd well after it is let go.
      await together;
      await later(n === revokedAfter + 1 ? 150 : 900 + n);
      if (!refusedBack) setTimeout(() => void lock?.release(), 150);
      refusedBack = true;
      return { status: 401, headers: {}, body: '{"message":"Invalid API key"}', durationMs: 20 };
    };
    const s = await temp.open({ sandbox: { seed: 6, coassembleLimit: null }, send });
    armed = await armDbLock(s.dbFile, 5000);
    const { job, done } = await runUsers(s, 100, false);
    await lock!.release();
    expect(sent, 'the lock was taken when the 3rd refused request left').toBeGreaterThanOrEqual(revokedAfter + 3);
    expect(done).toMatchObject({ state: 'paused', stopReason: { kind: 'auth' } });
    const failed = await callOk(s, 'jobs.items', { jobId: job.id, status: 'failed', offset: 0, limit: 5 });
    const which = JSON.stringify(failed.items.map((i) => [i.rowNumber, i.error, i.attempts]));
    expect(done.counts, which).toMatchObject({ failed: 0, in_doubt: 0, sending: 0 });
    expect(done.counts.succeeded + done.counts.pending).toBe(100);
    expect(done.counts.succeeded).toBe(revokedAfter);
    expect(leftAfterRefusal, `${sent} sent in all`).toBeLessThanOrEqual(1);
  }, 60_000);

  // A write accepted before the key was revoked can be answered after the first refusals (a slow LMS, a
  // loaded machine): it says the key worked when it left, not that it works now. It used to break the run
  // of refusals, so the rows refused before it failed as their own (a read refused with undo on, with no
  // "Row N failed" said) under a pause that said no row was marked failed.
  for (const undo of [false, true])
    it(`an answer accepted before the key was revoked, back after the first refusals, does not make them the rows' own (undo ${undo ? 'on' : 'off'})`, async () => {
      const revokedAfter = 40;
      let sent = 0;
      let refused = 0;
      const later = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const send = async (req: HttpRequest): Promise<HttpResponse> => {
        const n = ++sent;
        if (n <= revokedAfter) {
          const res = await sendHttp(req);
          // The last writes accepted come back late: between the 2nd refusal and the 3rd.
          if (req.method !== 'GET' && n > revokedAfter - 4) await later(150);
          return res;
        }
        await later(++refused <= 2 ? 10 : 400);
        return { status: 401, headers: {}, body: '{"message":"Invalid API key"}', durationMs: 10 };
      };
      const s = await temp.open({ sandbox: { seed: 6, coassembleLimit: null }, send });
      const { job, done } = await runUsers(s, 100, undo);
      const failed = await callOk(s, 'jobs.items', { jobId: job.id, status: 'failed', offset: 0, limit: 5 });
      const which = JSON.stringify(failed.items.map((i) => [i.rowNumber, i.error]));
      expect(done, which).toMatchObject({ state: 'paused', stopReason: { kind: 'auth' } });
      expect(done.counts, which).toMatchObject({ failed: 0, in_doubt: 0 });
      expect(done.counts.succeeded + done.counts.pending).toBe(100);
    }, 60_000);
});
