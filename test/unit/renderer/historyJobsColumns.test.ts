// History's jobs list: its count column is honest for a list mixing plain and recipe jobs — a plain job
// counts rows of its file, a recipe job items (a step of a row); the header said "Rows" above "10 items".
import { describe, expect, it } from 'vitest';
import { jobSizeColumn } from '../../../src-renderer/screens/history/jobSizeColumn';

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
