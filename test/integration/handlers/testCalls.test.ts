// requests.testCalls: every test-send is kept as a test call (Authorization redacted, full answer),
// newest first, and can be listed per file.
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../src-shared/mapping/types';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const mapping: Mapping = { fields: { email: { kind: 'column', column: 'email' } } };

describe('requests.testCalls', () => {
  const temp = useTempServices();

  it('lists test-sends newest first, redacted, per dataset, and keeps them after a restart', async () => {
    let services = await temp.open({ sandbox: { seed: 3 } });
    const a = seedDataset(services.db, ['email', 'first_name', 'last_name'], userRows(3));
    const b = seedDataset(services.db, ['email', 'first_name', 'last_name'], userRows(2));
    const spec = { connectionId: SANDBOX_COURSEPATH_ID, templateId: 'coursepath.members.create', mapping };
    await callOk(services, 'requests.testSend', { ...spec, datasetId: a, rowNumber: 2 });
    await callOk(services, 'requests.testSend', { ...spec, datasetId: a, rowNumber: 3, bodyOverride: 'email=edited%40example.com' });
    await callOk(services, 'requests.testSend', { ...spec, datasetId: b, rowNumber: 2 });

    const all = await callOk(services, 'requests.testCalls', { offset: 0, limit: 10 });
    expect(all.total).toBe(3);
    expect(all.items.map((t) => [t.datasetId, t.rowNumber])).toEqual([
      [b, 2],
      [a, 3],
      [a, 2],
    ]);
    const ofA = await callOk(services, 'requests.testCalls', { datasetId: a, offset: 0, limit: 10 });
    expect(ofA.total).toBe(2);
    const edited = ofA.items[0]!;
    expect(edited.requestBody).toBe('email=edited%40example.com'); // the body that was really sent
    expect(edited.method).toBe('POST');
    expect(edited.responseStatus).toBe(201);
    expect(edited.requestHeaders.Authorization).toMatch(/signed at send time/);
    expect(JSON.stringify(ofA)).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no real JWT kept

    // A row that cannot be built names the row once, in the error's details, not again in its message
    // (the screen showed "Row 4: Row 4: email: Email: is required").
    const bad = seedDataset(services.db, ['email', 'first_name', 'last_name'], [['', 'No', 'Email']]);
    const refused = await services.dispatch('requests.testSend', { ...spec, datasetId: bad, rowNumber: 2 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.message).toBe('Email: is required');
      expect(refused.error.details?.row).toBe(2);
    }

    services = await temp.reopen({ sandbox: false });
    const page = await callOk(services, 'requests.testCalls', { datasetId: a, offset: 1, limit: 1 });
    expect(page.total).toBe(2);
    expect(page.items.map((t) => t.rowNumber)).toEqual([2]);
  });
});
