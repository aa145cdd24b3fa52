// Audit 13b, item 4: the Map and Run screens flag a connection whose last test failed, but the CLI's
// `run` sent its first requests without a word. The preflight now carries the connection's last test,
// and the plan the CLI prints before sending says it failed, in the screens' words.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { recordConnectionTest } from '../../../src-main/db/connections';
import { lastTestWarning } from '../../../src-shared/connections/lastTestWarning';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

describe('a connection whose last test failed', () => {
  const temp = useTempServices();

  it('is named in the preflight, and said before anything is sent', async () => {
    const s = await temp.open({ sandbox: { seed: 1 } });
    const datasetId = seedDataset(s.db, ['email', 'first', 'last'], userRows(2));
    const spec = memberJobSpec(datasetId);
    const untested = await callOk(s, 'jobs.preflight', spec);
    expect(untested.connection.lastTest).toBeNull();
    expect(lastTestWarning(untested.connection)).toBeNull();

    const at = Date.UTC(2026, 11, 3, 13, 46, 49);
    recordConnectionTest(s.db, SANDBOX_COURSEPATH_ID, {
      ok: false,
      status: 401,
      message: 'HTTP 401: the LMS refused the key',
      at,
    });
    const plan = await callOk(s, 'jobs.preflight', spec);
    expect(plan.connection.lastTest).toEqual({
      ok: false,
      status: 401,
      message: 'HTTP 401: the LMS refused the key',
      at,
    });
    expect(lastTestWarning(plan.connection)).toBe(
      '! The last test of “Sandbox · Coursepath” failed: HTTP 401: the LMS refused the key',
    );

    recordConnectionTest(s.db, SANDBOX_COURSEPATH_ID, { ok: true, status: 200, message: 'OK', at: at + 1 });
    expect(lastTestWarning((await callOk(s, 'jobs.preflight', spec)).connection)).toBeNull();
  });
});
