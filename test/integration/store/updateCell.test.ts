import { describe, expect, it } from 'vitest';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

describe('datasets.updateCell (inline fix)', () => {
  const temp = useTempServices();

  it('replaces one cell, keeps the others, and survives reopening the store', async () => {
    let services = await temp.open({ sandbox: false });
    const datasetId = seedDataset(services.db, ['email', 'name'], [['bad-email', 'Ann'], ['b@example.com', 'Bo']]);
    const row = await callOk(services, 'datasets.updateCell', { datasetId, rowNumber: 2, column: 'email', value: 'ann@example.com' });
    expect(row.cells).toEqual(['ann@example.com', 'Ann']);
    services = await temp.reopen({ sandbox: false });
    const page = await callOk(services, 'datasets.rows', { datasetId, offset: 0, limit: 10 });
    expect(page.items.map((r) => r.cells)).toEqual([['ann@example.com', 'Ann'], ['b@example.com', 'Bo']]);
  });

  it('names the unknown column or row', async () => {
    const services = await temp.open({ sandbox: false });
    const datasetId = seedDataset(services.db, ['email'], [['a@example.com']]);
    const r1 = await services.dispatch('datasets.updateCell', { datasetId, rowNumber: 2, column: 'mail', value: 'x' });
    expect(!r1.ok && r1.error.message).toMatch(/no column "mail"/);
    const r2 = await services.dispatch('datasets.updateCell', { datasetId, rowNumber: 9, column: 'email', value: 'x' });
    expect(!r2.ok && r2.error.message).toMatch(/Row 9/);
  });
});
