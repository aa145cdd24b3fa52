// datasets.columnStats: every row counted in main (not a sample), cached until a cell changes.
import { describe, expect, it } from 'vitest';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

describe('datasets.columnStats', () => {
  const temp = useTempServices();

  it('counts empty cells, distinct values and kinds over every row, and again after an inline fix', async () => {
    const services = await temp.open({ sandbox: false });
    const rows = Array.from({ length: 12_345 }, (_, i) => [
      i === 12_000 ? 'not an email' : `u${i}@example.com`,
      String(i % 3).padStart(4, '0'),
      i % 10 === 0 ? '' : 'yes',
      i % 2 ? '2024-01-02' : 'soon',
    ]);
    const datasetId = seedDataset(services.db, ['email', 'code', 'active', 'start'], rows);
    const s = await callOk(services, 'datasets.columnStats', { datasetId });
    expect(s.rowCount).toBe(12_345);
    const by = Object.fromEntries(s.columns.map((c) => [c.column, c]));
    expect(by.email).toMatchObject({ empty: 0, distinct: 12_345, kind: 'mixed', kinds: { email: 12_344, text: 1 } });
    expect(by.code).toMatchObject({ distinct: 3, kind: 'integer', leadingZeros: 12_345 });
    expect(by.active).toMatchObject({ empty: 1_235, distinct: 2, kind: 'boolean' });
    expect(by.start).toMatchObject({ kind: 'mixed', kinds: { date: 6_172, text: 6_173 } });

    await callOk(services, 'datasets.updateCell', { datasetId, rowNumber: 12_002, column: 'email', value: 'fixed@example.com' });
    const again = await callOk(services, 'datasets.columnStats', { datasetId });
    expect(again.columns[0]).toMatchObject({ kind: 'email', kinds: { email: 12_345 } });
    expect((await services.dispatch('datasets.columnStats', { datasetId: 'nope' })).ok).toBe(false);
  });
});
