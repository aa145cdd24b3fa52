// "Sync now" (sync.start with no ids) syncs every connection with a stored secret. One without its secret
// (removed when its address changed) was left out of the answer without a word: the Reports screen's
// status list lost it and nothing told the admin it was not synced, or why, so its old data passed for
// fresh. The answer now names each one left out with why; the app and the CLI say it in one wording.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { syncSkipText } from '../../../src-shared/sync/syncSkips';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

describe('sync.start over every connection: one it cannot sync', () => {
  const temp = useTempServices();

  it('is in the answer, not syncing, with why and the fix', async () => {
    const s = await temp.open({ sandbox: { seed: 5 } });
    s.credentials.delete(SANDBOX_COURSEPATH_ID); // the real keychain entry goes

    const started = await callOk(s, 'sync.start', {});

    const synced = started.find((x) => x.connectionId === SANDBOX_COASSEMBLE_ID);
    expect(synced?.notSynced).toBeUndefined();
    const left = started.find((x) => x.connectionId === SANDBOX_COURSEPATH_ID);
    expect(left, 'the connection left out is in the answer').toBeDefined();
    expect(left!.running).toBe(false);
    expect(left!.notSynced).toEqual({ reason: 'noSecret', problem: null });
    expect(syncSkipText(left!.notSynced!)).toBe('no secret stored: add it under Connections');
    expect(await s.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBeNull(); // nothing was started for it
  });
});
