// The desktop side of a running job: the OS notification when a job finishes, pauses or needs a
// decision while Bulk Desk is in the background, and the progress on the taskbar or dock icon. Electron's
// Notification and setProgressBar are replaced by recorders (its binary is not here).
import { describe, expect, it } from 'vitest';
import type { ItemCounts, JobProgress } from '../../../src-shared/contract/api';
import { jobNotice } from '../../../src-main/electron/jobNotice';
import { JobWatcher } from '../../../src-main/electron/jobWatcher';
import { taskbarProgress } from '../../../src-main/electron/taskbarProgress';
import { itemCounts } from '../../helpers/itemCounts';

const LABEL = 'users.csv → Coursepath: create member';

function progress(
  state: JobProgress['state'],
  c: Partial<ItemCounts>,
  extra: Partial<JobProgress> = {},
): JobProgress {
  return {
    jobId: 'job-1',
    state,
    runMs: 0,
    runningSince: state === 'running' ? 1 : null,
    counts: itemCounts(c),
    inFlight: 0,
    ratePerSecond: 0,
    etaMs: null,
    stopReason: null,
    ...extra,
  };
}

describe('jobNotice', () => {
  it('finished: all sent, with failures, or with rows in doubt (a decision)', () => {
    expect(jobNotice('running', progress('completed', { succeeded: 1200 }), LABEL)).toEqual({
      kind: 'finished',
      title: 'Job finished',
      body: `${LABEL}: 1,200 rows sent.`,
    });
    expect(
      jobNotice('running', progress('completed', { succeeded: 990, failed: 10, skipped: 3 }), LABEL),
    ).toMatchObject({
      kind: 'finished',
      title: 'Job finished with failures',
      body: `${LABEL}: 990 rows sent, 10 rows failed, 3 rows skipped. Open History to review or retry the failed rows.`,
    });
    expect(jobNotice('running', progress('completed', { succeeded: 98, in_doubt: 2 }), LABEL)).toMatchObject({
      kind: 'decision',
      body: expect.stringContaining('2 rows in doubt'),
    });
  });

  it('paused by the app (a breaker, the canary) needs a decision and says why; paused by the admin just says so', () => {
    const stopReason = {
      kind: 'auth' as const,
      message: '5 answers in a row refused the credentials. Check the key, then resume.',
      at: 1,
    };
    expect(
      jobNotice('running', progress('paused', { succeeded: 5, pending: 95 }, { stopReason }), LABEL),
    ).toEqual({
      kind: 'decision',
      title: 'Job paused: your decision is needed',
      body: `${LABEL}: ${stopReason.message}`,
    });
    expect(
      jobNotice('running', progress('paused', { succeeded: 40, failed: 2, pending: 58 }), LABEL),
    ).toMatchObject({
      kind: 'paused',
      body: `${LABEL}: 42 rows of 100 done. Resume it on the Run screen.`,
    });
  });

  it('nothing for a state that did not change, a job still going, or one the admin cancelled', () => {
    expect(jobNotice('completed', progress('completed', { succeeded: 1 }), LABEL)).toBeNull();
    expect(jobNotice('ready', progress('running', { pending: 5 }), LABEL)).toBeNull();
    expect(jobNotice('running', progress('cancelled', { pending: 5 }), LABEL)).toBeNull();
    expect(jobNotice('running', progress('interrupted', { pending: 5 }), LABEL)?.kind).toBe('interrupted');
  });
});

describe('taskbarProgress', () => {
  it('rows with an outcome over all rows of the jobs still going; paused when none runs; gone when none is left', () => {
    expect(taskbarProgress([])).toEqual({ value: -1, mode: 'none' });
    expect(
      taskbarProgress([progress('running', { succeeded: 30, failed: 10, pending: 55, sending: 5 })]),
    ).toEqual({
      value: 0.4,
      mode: 'normal',
    });
    const a = progress('paused', { succeeded: 50, pending: 50 });
    const b = { ...progress('running', { succeeded: 0, pending: 100 }), jobId: 'job-2' };
    expect(taskbarProgress([a, b])).toEqual({ value: 0.25, mode: 'normal' });
    expect(taskbarProgress([a])).toEqual({ value: 0.5, mode: 'paused' });
    expect(taskbarProgress([progress('completed', { succeeded: 100 })])).toEqual({ value: -1, mode: 'none' });
  });
});

describe('JobWatcher', () => {
  function watcher(focused: boolean) {
    const notices: string[] = [];
    const bars: string[] = [];
    const w = new JobWatcher({
      focused: () => focused,
      notify: (n) => notices.push(`${n.kind}: ${n.title}`),
      setProgress: (p) => bars.push(`${p.mode} ${p.value}`),
      label: async () => LABEL,
      log: () => {},
    });
    const feed = (p: JobProgress) => w.onEvent({ event: 'job:progress', payload: p });
    return { notices, bars, feed, w };
  }

  it('in the background: one notice per change of state, and the bar follows the job', async () => {
    const { notices, bars, feed } = watcher(false);
    await feed(progress('running', { pending: 100 }));
    await feed(progress('running', { succeeded: 50, pending: 50 }));
    await feed(progress('running', { succeeded: 50, pending: 50 })); // same bar: not set again
    await feed(progress('completed', { succeeded: 100 }));
    await feed(progress('completed', { succeeded: 100 }));
    expect(notices).toEqual(['finished: Job finished']);
    expect(bars).toEqual(['normal 0', 'normal 0.5', 'none -1']);
  });

  it('with the window focused: the bar, but no notification', async () => {
    const { notices, bars, feed } = watcher(true);
    await feed(progress('running', { pending: 10 }));
    await feed(
      progress('paused', { pending: 10 }, { stopReason: { kind: 'canary', message: 'Look first.', at: 1 } }),
    );
    expect(notices).toEqual([]);
    expect(bars).toEqual(['normal 0', 'paused 0']);
  });

  it('ignores other events', async () => {
    const { notices, bars, w } = watcher(false);
    await w.onEvent({ event: 'dataset:progress', payload: {} as never });
    expect([notices, bars]).toEqual([[], []]);
  });
});
