// A choice on Reports kept with the desk names a course and a sync run that a sync since has removed (the
// course gone from the LMS, the run no longer kept). Reports takes them out of the choice when it loads —
// and says so, naming each by the name kept when it was chosen, not silently. The transport is replaced
// here, as in reportsChoiceRestored.test.ts: the app was restarted, so only the kept names know them.
import { describe, expect, it, vi } from 'vitest';

const answers: Record<string, unknown> = {
  'sync.status': [],
  'reports.courses': [{ key: 'sandbox-coassemble:2', title: 'Fire safety', source: 'Sandbox · Coassemble' }],
  'sync.runs': [{ id: 8, connectionId: 'sandbox-coassemble', connectionName: 'Sandbox · Coassemble', finishedAt: 1, enrolments: 0 }],
};
vi.mock('../../../src-renderer/api/client', () => ({
  call: vi.fn((method: string) =>
    method in answers ? Promise.resolve({ ok: true, value: answers[method] }) : new Promise(() => {}),
  ),
  on: vi.fn(() => () => {}),
}));

// Imported by a path TypeScript does not follow (the store's module graph is typed for the browser).
const STORE: string = '../../../src-renderer/stores/reportsStore';
const { loadStatus, restoreReportChoice, useReportsStore } = (await import(STORE)) as {
  loadStatus: () => Promise<void>;
  restoreReportChoice: (c: Record<string, unknown>) => void;
  useReportsStore: { getState: () => Record<string, unknown> };
};

describe('a kept choice with a course and a sync run gone since', () => {
  it('drops them and says which, by the names kept with the choice', async () => {
    restoreReportChoice({
      report: 'compliance',
      cohortBy: 'course',
      complianceKeys: ['sandbox-coassemble:1', 'sandbox-coassemble:2'],
      complianceBy: 'department',
      fromRunId: 3,
      toRunId: null,
      names: {
        'sandbox-coassemble:1': '“Old onboarding” (Sandbox · Coassemble)',
        'sandbox-coassemble:2': '“Fire safety” (Sandbox · Coassemble)',
        'run:3': '4 Dec 2026, 17:40 · Sandbox · Coassemble',
      },
    });
    await loadStatus();
    const s = useReportsStore.getState();
    expect(s.complianceKeys).toStrictEqual(['sandbox-coassemble:2']);
    expect(s.fromRunId).toBeNull();
    expect(s.dropped).toStrictEqual([
      { kind: 'course', name: '“Old onboarding” (Sandbox · Coassemble)' },
      { kind: 'from', name: '4 Dec 2026, 17:40 · Sandbox · Coassemble' },
    ]);
    // The names kept from now on are those of what is still chosen.
    expect(s.names).toStrictEqual({ 'sandbox-coassemble:2': '“Fire safety” (Sandbox · Coassemble)' });
  });
});
