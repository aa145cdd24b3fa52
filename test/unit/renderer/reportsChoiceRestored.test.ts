// The choices on Reports come back from the desk (desk.get) a moment after the window opens. Reports opened
// in that moment has already asked for "Completion rate": the choice restored asks again for its own
// report, and the other's figures are not left under its tab. The transport is replaced here, as in
// reportsLatestAnswer.test.ts.
import { describe, expect, it, vi } from 'vitest';

const calls: { method: string; input: unknown }[] = [];
vi.mock('../../../src-renderer/api/client', () => ({
  call: vi.fn((method: string, input: unknown) => {
    calls.push({ method, input });
    return new Promise(() => {});
  }),
  on: vi.fn(() => () => {}),
}));

// Imported by a path TypeScript does not follow (the store's module graph is typed for the browser).
const STORE: string = '../../../src-renderer/stores/reportsStore';
const { restoreReportChoice, useReportsStore } = (await import(STORE)) as {
  restoreReportChoice: (c: Record<string, unknown>) => void;
  useReportsStore: { getState: () => { view: unknown; report: string }; setState: (p: Record<string, unknown>) => void };
};

describe('restoreReportChoice', () => {
  it('builds the restored report again when Reports already showed the default one', () => {
    useReportsStore.setState({ view: { name: 'completionRate', title: 'Completion rate', tables: [] }, loading: false });
    restoreReportChoice({
      report: 'compliance',
      cohortBy: 'course',
      complianceKeys: ['sandbox-coursepath:c1'],
      complianceBy: 'company',
      fromRunId: null,
      toRunId: null,
    });
    expect(useReportsStore.getState().report).toBe('compliance');
    expect(useReportsStore.getState().view).toBeNull();
    expect(calls).toStrictEqual([
      { method: 'reports.run', input: { name: 'compliance', courseKeys: ['sandbox-coursepath:c1'], by: 'company' } },
    ]);
  });
});
