// A pause asked for while a turn is being written (a slow commit: a loaded machine, another program holding
// the database) used to let that turn's rows leave once it committed: the turn had claimed them before the
// pause, and the loop launched them without asking again. "No new row leaves" after a pause: they now wait
// reserved and go back to pending with the job's end (src-main/runner/sendSlots.ts, launchClaimed).
// Found reviewing the fix for the same gap with a refused key (keyRevokedMidJob.test.ts).
// Real parts: a SQLite file, another process holding its write lock, the sandbox LMS over HTTP.
import { describe, expect, it } from 'vitest';
import { sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { callOk } from '../../helpers/callOk';
import { armDbLock, type HeldLock } from '../../helpers/holdDbLock';
import { startUsersAtEight } from '../../helpers/usersAtEight';
import { useTempServices } from '../../helpers/tempServices';

describe('a pause while a turn is being written', () => {
  const temp = useTempServices();

  it('sends none of that turn’s rows, and they stay pending', async () => {
    const heldFrom = 20;
    let sent = 0;
    let pauseAsked = false;
    let leftAfterPause = 0;
    let armed: Awaited<ReturnType<typeof armDbLock>> | null = null;
    let lock: HeldLock | null = null;
    let answerAll!: () => void;
    const answers = new Promise<void>((r) => (answerAll = r));
    let allHeld!: () => void;
    const slotsFull = new Promise<void>((r) => (allHeld = r));
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      const n = ++sent;
      if (pauseAsked) leftAfterPause++;
      const res = await sendHttp(req);
      if (n >= heldFrom && n < heldFrom + 8) {
        // Rows 20–27 fill the 8 slots and hold their answers until the database is locked.
        if (n === heldFrom + 7) allHeld();
        await answers;
      }
      return res;
    };
    const s = await temp.open({ sandbox: { seed: 6, coassembleLimit: null }, send });
    armed = await armDbLock(s.dbFile, 10_000);
    const job = await startUsersAtEight(s, 100, false);
    await slotsFull;
    // The database locked, the 8 answers come back: the turn that writes them claims the 8 free slots and
    // waits for the lock. Then the admin pauses, and the lock is let go.
    lock = await armed.take();
    answerAll();
    await new Promise((r) => setTimeout(r, 300));
    expect(sent, 'no row left while the turn waited for the lock').toBe(heldFrom + 7);
    const paused = callOk(s, 'jobs.pause', { jobId: job.id });
    pauseAsked = true;
    await new Promise((r) => setTimeout(r, 100));
    await lock.release();
    const done = await paused;
    expect(done.state).toBe('paused');
    expect(leftAfterPause, `${sent} sent in all`).toBe(0);
    expect(done.counts).toMatchObject({ succeeded: heldFrom + 7, failed: 0, in_doubt: 0, sending: 0 });
    expect(done.counts.pending).toBe(100 - (heldFrom + 7));
  }, 60_000);
});
