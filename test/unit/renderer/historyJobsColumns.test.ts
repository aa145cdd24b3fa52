// History's jobs list: its count column is honest for a list mixing plain and recipe jobs — a plain job
// counts rows of its file, a recipe job items (a step of a row) — and what an export says (running, saved,
// stopped) shows under its own job only, counted in that job's unit: under another job the running export
// is named as another job's (why the export buttons are off), not "Exporting… 10 items" of the job open.
import { describe, expect, it } from 'vitest';
import { jobSizeColumn } from '../../../src-renderer/screens/history/jobSizeColumn';
import { exportShown } from '../../../src-renderer/screens/history/exportShown';
import type { ExportState } from '../../../src-renderer/stores/exportState';

const plain = { id: 'p', counts: { total: 3 }, recipe: null };
const recipe = { id: 'r', counts: { total: 10 }, recipe: { id: 'x' } };

describe('the jobs list count column', () => {
  it('says rows over plain jobs, items over recipe jobs, and each its unit when mixed', () => {
    const only = jobSizeColumn([plain, { ...plain, counts: { total: 1200 } }]);
    expect(only.header).toBe('Rows');
    expect([only.cell(plain), only.cell({ ...plain, counts: { total: 1200 } })]).toEqual(['3', '1,200']);
    const recipes = jobSizeColumn([recipe]);
    expect(recipes.header).toBe('Items');
    expect(recipes.cell(recipe)).toBe('10 items');
    const mixed = jobSizeColumn([recipe, plain]);
    expect(mixed.header).toBe('Rows / items');
    expect([mixed.cell(recipe), mixed.cell(plain), mixed.cell({ ...plain, counts: { total: 1 } })]).toEqual([
      '10 items',
      '3 rows',
      '1 row',
    ]);
  });
});

describe('what History says of an export', () => {
  const running: ExportState = {
    error: null,
    lastFile: null,
    running: 'results',
    written: 10,
    jobId: 'r',
    unit: 'item',
    label: 'new-hires.csv → Onboard learners',
  };

  it('under its own job: exporting, in that job’s unit (a failed-rows file counts rows)', () => {
    expect(exportShown(running, 'r')).toEqual({ busy: true, running: 'Exporting… 10 items', lastFile: null, error: null });
    expect(exportShown({ ...running, running: 'failed', written: 1 }, 'r').running).toBe('Exporting… 1 row');
  });

  it('under another job: another job’s export, named, in its unit, not this one’s', () => {
    const other = exportShown(running, 'p');
    expect(other.busy).toBe(true); // one export at a time
    expect(other.running).toBe('Exporting another job (new-hires.csv → Onboard learners)… 10 items');
  });

  it('a saved file or a stopped export only under its own job', () => {
    const saved: ExportState = { ...running, running: null, lastFile: 'x-results.csv' };
    expect(exportShown(saved, 'r')).toMatchObject({ busy: false, running: null, lastFile: 'x-results.csv' });
    expect(exportShown(saved, 'p')).toEqual({ busy: false, running: null, lastFile: null, error: null });
    const error = { code: 'INTERNAL' as const, message: 'x' };
    expect(exportShown({ ...saved, lastFile: null, error }, 'r').error).toBe(error);
    expect(exportShown({ ...saved, lastFile: null, error }, 'p').error).toBeNull();
  });
});
