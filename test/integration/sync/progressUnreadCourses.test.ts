// Progress between two dates over a sync that could not read a course's enrolments (its course list
// refused with 403, as a key that lost that permission gets): the snapshot of that sync holds none of
// them, and the report read that as "0 enrolled", counting −6, −10, −7 new completions. Such a course's
// figures at that date are unknown: shown empty, named in a note — and a course created after the first
// date, which the first sync listed every course without, still starts from 0 (test/unit/reports/progressCoverage).
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { refusing } from '../../helpers/refusingSend';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

const SCALED = { requests: 100, windowMs: 1000 };

async function syncOne(s: Services, id: string): Promise<number> {
  await callOk(s, 'sync.start', { connectionIds: [id] });
  expect(await s.sync.whenDone(id)).toBe('completed');
  return (await callOk(s, 'sync.status', {})).find((x) => x.connectionId === id)!.lastRun!.finishedAt!;
}

describe('progress between two dates, a sync that could not read the courses', () => {
  const temp = useTempServices();

  it.each([
    ['Coursepath', SANDBOX_COURSEPATH_ID, '/api/v1/courses'],
    ['Coassemble', SANDBOX_COASSEMBLE_ID, '/api/v1/headless/courses'],
  ])('%s: that date’s figures are empty and named, never a drop to zero counted as negative', async (_, id, path) => {
    const { r, send } = refusing(path);
    const s = await temp.open({ sandbox: { seed: 3, coassembleLimit: SCALED }, send, sync: { rateLimit: SCALED } });
    const first = await syncOne(s, id);
    r.on = true;
    const second = await syncOne(s, id);
    r.on = false;
    const third = await syncOne(s, id);

    const run = (from: number, to: number) =>
      callOk(s, 'reports.run', { name: 'progressOverTime', from, to, connectionIds: [id] });
    const toRefused = await run(first, second);
    const rows = toRefused.tables[0]!.rows.filter((row) => (row.enrolledFrom as number) > 0);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatchObject({ enrolledTo: null, completedTo: null, newCompletions: null });
    expect(toRefused.notes.join('\n')).toMatch(/course list could not be read by the sync of .+, so their figures on the second date are empty \(unknown, not zero\)/);
    const chart = toRefused.chart!;
    expect(chart.kind === 'bar' && chart.bars.every((b) => b.value >= 0)).toBe(true);

    const fromRefused = await run(second, third);
    for (const row of fromRefused.tables[0]!.rows.filter((x) => (x.enrolledTo as number) > 0))
      expect(row).toMatchObject({ enrolledFrom: null, completedFrom: null, newCompletions: null });
    expect(fromRefused.notes.join('\n')).toMatch(/on the first date are empty \(unknown, not zero\)/);

    // Both syncs read every course: figures on both sides, as before.
    const sound = await run(first, third);
    expect(sound.tables[0]!.rows.every((x) => x.enrolledFrom !== null && x.enrolledTo !== null)).toBe(true);
  });
});
