// A plan out of date (rows sent to its connection since it read): said in one line, naming how many rows
// went, where, and by which jobs; nothing said for a plan that is current, not ready, or already run.
import { describe, expect, it } from 'vitest';
import type { SentSinceJob } from '../../../src-shared/contract/api';
import { planIsStale, planStaleText } from '../../../src-shared/plan/planStaleText';

const job = (id: string, rows: number): SentSinceJob => ({
  id: `${id}-0000-0000-0000-000000000000`,
  templateName: 'Coursepath: create member',
  fileName: 'staff.csv',
  rows,
});
const plan = (sentSince: SentSinceJob[], more: Partial<Parameters<typeof planStaleText>[0]> = {}) => ({
  state: 'ready' as const,
  jobId: null,
  connectionName: 'Acme · Coursepath',
  source: { kind: 'live' as const },
  sentSince,
  ...more,
});

describe('planStaleText', () => {
  it('names the rows sent, the connection and the job', () => {
    expect(planStaleText(plan([job('1a2b3c4d', 59)]))).toBe(
      'Out of date: 59 rows were sent to Acme · Coursepath since this plan read it (job 1a2b3c4d).',
    );
    expect(planStaleText(plan([job('1a2b3c4d', 1)]))).toContain('1 row was sent');
  });

  it('adds up several jobs, naming two and counting the rest', () => {
    expect(planStaleText(plan([job('aaaaaaaa', 2), job('bbbbbbbb', 3)]))).toBe(
      'Out of date: 5 rows were sent to Acme · Coursepath since this plan read it (jobs aaaaaaaa and bbbbbbbb).',
    );
    const four = ['aaaaaaaa', 'bbbbbbbb', 'cccccccc', 'dddddddd'].map((id) => job(id, 1_000));
    expect(planStaleText(plan(four))).toContain('4,000 rows were sent');
    expect(planStaleText(plan(four))).toContain('(jobs aaaaaaaa, bbbbbbbb and 2 more)');
  });

  it('a plan of the synced catalog is out of date since that sync', () => {
    expect(planStaleText(plan([job('1a2b3c4d', 2)], { source: { kind: 'sync', syncedAt: 0 } }))).toContain(
      'since the catalog this plan compared with was synced',
    );
  });

  it('says nothing of a current plan, one still reading, or one already run', () => {
    expect(planStaleText(plan([]))).toBeNull();
    expect(planIsStale(plan([job('1a2b3c4d', 2)], { state: 'reading' }))).toBe(false);
    expect(planStaleText(plan([job('1a2b3c4d', 2)], { jobId: 'x' }))).toBeNull();
  });
});
