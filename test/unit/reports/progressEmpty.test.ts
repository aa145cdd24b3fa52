// "Progress between two dates" with nothing to chart: the chart says why and what to do, instead of
// "Nothing to chart yet." (buildReport → chart.empty, shown in place of the bars and printed by the CLI).
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src-shared/reports/buildReport';
import { progressChartEmpty } from '../../../src-shared/reports/progressOverTime';
import type { SyncedData } from '../../../src-shared/reports/types';
import { formatDateTime } from '../../../src-shared/util/dates';

const T = Date.UTC(2026, 11, 3, 9, 39);
const run = (id: number, connectionId: string, finishedAt: number) => ({ id, connectionId, finishedAt });
const data: SyncedData = {
  courses: [
    {
      connectionId: 'ca',
      source: 'Acme · Coassemble',
      api: 'coassemble',
      courseId: '1',
      title: 'Safety',
      status: 'published',
    },
  ],
  learners: [],
  enrolments: [
    {
      connectionId: 'ca',
      courseId: '1',
      learnerId: 'u1',
      startedAt: T - 1000,
      completedAt: T - 500,
      progress: 100,
      score: null,
      passed: null,
    },
  ],
  screens: [],
};

describe('progress between two dates: an empty chart says why', () => {
  it('one sync so far: when it was taken, that two are needed, and to sync again later', () => {
    const one = [run(1, 'ca', T)];
    const want = `One sync so far (taken ${formatDateTime(T)}): progress between two dates needs two. Sync again later to compare.`;
    expect(progressChartEmpty({ from: one, to: one, all: one })).toBe(want);
    // As the report lays it out: the chart has no bars and says so in those words.
    const v = buildReport(
      { name: 'progressOverTime', from: T, to: T + 1 },
      {
        data,
        snapshots: {
          from: data.enrolments,
          to: data.enrolments,
          fromLabel: 'a',
          toLabel: 'b',
          syncs: { from: one, to: one, all: one },
        },
      },
    );
    expect(v.chart).toMatchObject({ kind: 'bar', bars: [], empty: want });
  });

  it('one sync of each connection: the same, naming the latest', () => {
    const each = [run(2, 'cb', T + 60_000), run(1, 'ca', T)];
    expect(progressChartEmpty({ from: each, to: each, all: each })).toBe(
      `One sync of each connection so far (the latest taken ${formatDateTime(T + 60_000)}): progress between two dates needs two. Sync again later to compare.`,
    );
  });

  it('both dates on the same sync while there are others: choose the dates apart', () => {
    const all = [run(2, 'ca', T + 86_400_000), run(1, 'ca', T)];
    expect(progressChartEmpty({ from: [all[1]!], to: [all[1]!], all })).toBe(
      `Both dates fall on the same sync (taken ${formatDateTime(T)}), so there is nothing between them. Choose an earlier “From” or a later “To”.`,
    );
  });

  it('two syncs and no change: says no course gained a completion between them', () => {
    const all = [run(2, 'ca', T + 86_400_000), run(1, 'ca', T)];
    expect(progressChartEmpty({ from: [all[1]!], to: [all[0]!], all })).toBe(
      `No course gained a completion between the two syncs (${formatDateTime(T)} and ${formatDateTime(T + 86_400_000)}).`,
    );
  });

  it('two syncs in the same minute: their times read apart, with seconds', () => {
    const all = [run(2, 'ca', T + 42_000), run(1, 'ca', T + 7_000)];
    const note = progressChartEmpty({ from: [all[1]!], to: [all[0]!], all });
    expect(note).toBe(
      `No course gained a completion between the two syncs (${formatDateTime(T + 7_000, { seconds: true })} and ${formatDateTime(T + 42_000, { seconds: true })}).`,
    );
    // Not "between the two syncs (3 Dec 2026, 09:39 and 3 Dec 2026, 09:39)".
    expect(note).not.toContain(`${formatDateTime(T)} and ${formatDateTime(T)}`);
  });

  it('no sync by the first date: choose a later “From”', () => {
    const all = [run(2, 'ca', T + 86_400_000), run(1, 'ca', T)];
    expect(progressChartEmpty({ from: [], to: [all[0]!], all })).toBe(
      'No sync by the first date, so there is nothing to compare with. Choose a later “From”.',
    );
  });

  it('no sync at all: nothing to say beyond the report’s own note', () => {
    expect(progressChartEmpty({ from: [], to: [], all: [] })).toBeNull();
  });
});
