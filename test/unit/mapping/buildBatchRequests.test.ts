import { describe, expect, it } from 'vitest';
import { DEFAULT_BATCH_SIZE, manualTemplate } from '../../../src-shared/connectors/customTemplate';
import { buildBatchRequests } from '../../../src-shared/mapping/buildBatchRequests';

const columns = ['course', 'email'];
const rows = [
  { course: '1', email: 'a@x.co' },
  { course: '2', email: 'b@x.co' },
  { course: '1', email: 'c@x.co' },
  { course: '1', email: '' },
  { course: '', email: 'e@x.co' },
];

describe('buildBatchRequests', () => {
  it('defaults to batches of 100', () => expect(DEFAULT_BATCH_SIZE).toBe(100));

  it('groups sequential rows into arrays, splitting when full', () => {
    const { template } = manualTemplate(
      { method: 'POST', url: '/api/v1/headless/things', exclude: ['course'] },
      columns,
    );
    const out = [
      ...buildBatchRequests(template!, { fields: {} }, rows, { size: 2, grouping: { kind: 'sequential' } }),
    ];
    expect(out.map((b) => [b.rowNumbers, b.request?.body])).toEqual([
      [[1, 2], '[{"email":"a@x.co"},{"email":"b@x.co"}]'],
      [[3, 4], '[{"email":"c@x.co"},{"email":""}]'],
      [[5], '[{"email":"e@x.co"}]'],
    ]);
    expect(out[0]?.request).toMatchObject({ method: 'POST', pathAndQuery: '/api/v1/headless/things' });
    expect(out[0]?.request?.headers['Content-Type']).toBe('application/json');
  });

  it('groups by a column, and rows with a different URL never share a call', () => {
    const { template } = manualTemplate(
      { method: 'POST', url: '/api/v1/headless/course/{course}/x', exclude: ['course'] },
      columns,
    );
    const out = [
      ...buildBatchRequests(template!, { fields: {} }, rows, {
        size: 100,
        grouping: { kind: 'byColumn', column: 'course' },
      }),
    ];
    // Row 5 has no course: refused on its own, never batched.
    expect(out.map((b) => [b.rowNumbers, b.request?.pathAndQuery ?? null, b.request?.body ?? null])).toEqual([
      [[5], null, null],
      [[1, 3, 4], '/api/v1/headless/course/1/x', '[{"email":"a@x.co"},{"email":"c@x.co"},{"email":""}]'],
      [[2], '/api/v1/headless/course/2/x', '[{"email":"b@x.co"}]'],
    ]);
    expect(out[0]?.issues[0]).toMatchObject({ rowNumber: 5, field: 'url:course', level: 'error' });

    const seq = [
      ...buildBatchRequests(template!, { fields: {} }, rows.slice(0, 3), {
        size: 100,
        grouping: { kind: 'sequential' },
      }),
    ];
    expect(seq.map((b) => b.rowNumbers)).toEqual([[1], [2], [3]]);
  });
});
