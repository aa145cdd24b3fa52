// A key that may no longer list courses (403: a plan or role without it; 404: an endpoint moved) while
// everything else still answers. The sync records courses "not available" and completes — and with no
// course read, the per-course lists (Coursepath course members, Coassemble trackings) had nothing to read
// and counted as complete, so every enrolment of the connection was pruned: the courses stayed, each
// shown with nobody enrolled. Against the real sandbox, its courses list answered 403 by the sync's `send`.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { refusing } from '../../helpers/refusingSend';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

const SCALED = { requests: 100, windowMs: 1000 };

async function syncOne(s: Services, id: string) {
  await callOk(s, 'sync.start', { connectionIds: [id] });
  return s.sync.whenDone(id);
}

const enrolments = (s: Services, id: string) =>
  s.db.prepare(`SELECT COUNT(*) FROM synced_enrolments WHERE connection_id = ?`).pluck().get(id) as number;

describe('a sync whose course list is refused', () => {
  const temp = useTempServices();

  it.each([
    ['Coursepath', SANDBOX_COURSEPATH_ID, '/api/v1/courses'],
    ['Coassemble', SANDBOX_COASSEMBLE_ID, '/api/v1/headless/courses'],
  ])('%s: completes saying so, and keeps the enrolments it could not read again', async (_, id, path) => {
    const { r, send } = refusing(path);
    const s = await temp.open({
      sandbox: { seed: 3, coassembleLimit: SCALED },
      send,
      sync: { rateLimit: SCALED },
    });
    expect(await syncOne(s, id)).toBe('completed');
    const before = enrolments(s, id);
    expect(before).toBeGreaterThan(0);

    r.on = true;
    expect(await syncOne(s, id)).toBe('completed');
    const run = (await callOk(s, 'sync.status', {})).find((x) => x.connectionId === id)!.lastRun!;
    expect(run.entities.find((e) => e.entity.endsWith('.courses'))!.status).toBe('unavailable');
    expect(enrolments(s, id)).toBe(before);
    const report = await callOk(s, 'reports.run', { name: 'completionRate', connectionIds: [id] });
    expect(report.tables[0]!.rows.some((row) => (row.enrolled as number) > 0)).toBe(true);
  });
});
