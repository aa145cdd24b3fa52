// `jobs resolve` whose decision opens rows to send (a recipe's later steps) while the job cannot start (its
// key gone from the keychain): the decision is saved and the job left paused. The CLI said only the error,
// so the admin did not know the decision stood, nor that the job waited; now it says both, with the command
// that starts it, as `run` does for a job it made and could not start.
import { describe, expect, it } from 'vitest';
import { createServices, SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { tempDir } from '../../helpers/tempDir';
import { cli, useCliWorld } from './runCli';

const CREATE_AND_INVITE = {
  ...ONBOARD_LEARNERS,
  steps: [ONBOARD_LEARNERS.steps[0]!, ONBOARD_LEARNERS.steps[3]!],
};

describe('jobs resolve: a decision whose start fails', () => {
  const w = useCliWorld();

  it('says the decision was saved and the job left paused, with the command that starts it', async () => {
    const dir = (w.dir = tempDir()).path;
    // A recipe job whose first steps ended in doubt (the sandbox drops every answer), its invitations waiting.
    const s = await createServices({ dataDir: dir, sandbox: { seed: 23, faults: 'lost:1' } });
    let jobId: string;
    try {
      const datasetId = seedDataset(
        s.db,
        ['Email', 'First name', 'Last name'],
        [['ana@held.test', 'Ana', 'Lima']],
      );
      const job = await callOk(s, 'recipes.createJob', {
        recipe: CREATE_AND_INVITE,
        datasetId,
        connectionId: SANDBOX_COURSEPATH_ID,
        options: { canary: 0 },
      });
      jobId = job.id;
      await callOk(s, 'jobs.start', { jobId });
      expect((await s.runner.whenSettled(jobId)).counts).toMatchObject({ in_doubt: 1, waiting: 1 });
      s.credentials.delete(SANDBOX_COURSEPATH_ID);
    } finally {
      await s.close();
    }

    const r = await cli(['jobs', 'resolve', jobId, '--all', '--mark-succeeded', '--data-dir', dir], {
      timeoutMs: 30_000,
    });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(
      `1 item of job ${jobId} marked as succeeded (not sent again), but the job could not start: it is left paused. ` +
        `Once that is dealt with, start it with: bulk-desk jobs resume ${jobId} --data-dir ${dir}`,
    );
    const shown = await cli(['jobs', 'show', jobId, '--data-dir', dir]);
    expect(shown.stdout).toMatch(/^State +paused$/m);
    expect(shown.stdout).toMatch(
      /^Stopped +notStarted: Your decision on the items in doubt was saved, but the job could not start: /m,
    );
  }, 90_000);
});
