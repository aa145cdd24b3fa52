// Reports after a sync that did not finish. The store then holds what the sync read before it stopped:
// on a first sync, courses whose trackings it never reached show "0 enrolled" as if that were true. Each
// report says so, naming the connection, when, and what to do — against the real sandbox over HTTP, with
// a connection that drops from a chosen request on (the sync gives up after its one attempt).
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID, type Services } from '../../../src-main/services';
import { NetworkError, sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { nothingStored } from '../../../src-shared/reports/nothingSynced';
import { REPORT_NAMES, type ReportRequest } from '../../../src-shared/reports/types';
import { formatDateTime } from '../../../src-shared/util/dates';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { useTempServices } from '../../helpers/tempServices';

const SCALED = { requests: 100, windowMs: 1000 };
const CA = 'Sandbox · Coassemble';
/** When, as the notes say it: on the admin's clock (src-shared/util/dates.ts). */
const local = (ms: number) => formatDateTime(ms);

const REQUESTS: Record<(typeof REPORT_NAMES)[number], ReportRequest> = {
  completionRate: { name: 'completionRate' },
  startedNotFinished: { name: 'startedNotFinished' },
  scores: { name: 'scores' },
  timeToCompletion: { name: 'timeToCompletion', by: 'course' },
  compliance: { name: 'compliance', courseKeys: [], by: 'client' },
  contentFormats: { name: 'contentFormats' },
  progressOverTime: { name: 'progressOverTime', from: 0, to: Date.now() + 86_400_000 },
};

/** The real sandbox, except that trackings requests fail once `cut.after` of them have been answered. */
function cuttable() {
  const cut = { after: Infinity, seen: 0 };
  const send = async (req: HttpRequest): Promise<HttpResponse> => {
    if (new URL(req.url).pathname === '/api/v1/headless/trackings' && cut.seen++ >= cut.after)
      throw new NetworkError('socket hang up', 1, false);
    return sendHttp(req);
  };
  return { cut, send };
}

async function syncCoassemble(s: Services) {
  await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COASSEMBLE_ID] });
  return s.sync.whenDone(SANDBOX_COASSEMBLE_ID);
}

const runOf = async (s: Services) =>
  (await callOk(s, 'sync.status', {})).find((x) => x.connectionId === SANDBOX_COASSEMBLE_ID)!.lastRun!;

describe('reports after a sync that failed or was interrupted', () => {
  const temp = useTempServices();

  it('a failed first sync: every report says its figures are partial, and how to finish the sync', async () => {
    const { cut, send } = cuttable();
    cut.after = 3;
    const s = await temp.open({
      sandbox: { seed: 1, coassembleLimit: SCALED },
      send,
      sync: { rateLimit: SCALED, maxAttempts: 1 },
    });
    expect(await syncCoassemble(s)).toBe('failed');
    const run = await runOf(s);

    // What the audit saw: courses whose trackings were never read show nobody enrolled.
    const v = await callOk(s, 'reports.run', {
      name: 'completionRate',
      connectionIds: [SANDBOX_COASSEMBLE_ID],
    });
    const state = await sandboxState(s.sandbox!.url);
    const zero = v.tables[0]!.rows.filter((r) => r.enrolled === 0);
    expect(zero.some((r) => state.coassemble.trackings.some((t) => String(t.courseId) === r.courseId))).toBe(
      true,
    );

    for (const name of REPORT_NAMES) {
      const notes = (await callOk(s, 'reports.run', REQUESTS[name])).notes.join('\n');
      expect(notes, name).toContain(`${CA}: its first sync failed at ${local(run.finishedAt!)}`);
      expect(notes, name).toContain('Reports → Sync now, or bulk-desk sync run');
    }
    expect(v.notes.join('\n')).toMatch(/figures are partial/);
    // Compliance on a course whose trackings were never read: nobody is listed "not compliant" as if
    // that were known; the report says nothing could be judged, and why.
    const unread = zero.find((r) =>
      state.coassemble.trackings.some((t) => String(t.courseId) === r.courseId),
    )!;
    const key = `${SANDBOX_COASSEMBLE_ID}:${String(unread.courseId)}`;
    const c = await callOk(s, 'reports.run', { name: 'compliance', courseKeys: [key], by: 'client' });
    expect(c.tables[0]!.rows).toEqual([]);
    expect(c.notes.join('\n')).toContain(
      `Nothing could be judged: the trackings or results of “${String(unread.title)}” have not been synced`,
    );
    // One whose trackings were read is judged as before.
    const read = v.tables[0]!.rows.find((r) => Number(r.enrolled) > 0)!;
    const judged = await callOk(s, 'reports.run', {
      name: 'compliance',
      courseKeys: [`${SANDBOX_COASSEMBLE_ID}:${String(read.courseId)}`],
      by: 'client',
    });
    expect(judged.tables[0]!.rows.length).toBeGreaterThan(0);
    expect(judged.notes.join('\n')).not.toMatch(/Nothing could be judged|have not been synced/);
    // The app's Reports screen shows these same reports and notes, not "Nothing synced yet" (which it
    // used to show until a first complete sync), from the status it reads.
    expect(nothingStored(await callOk(s, 'sync.status', {}))).toBe(false);
  });

  it('an interrupted first sync (the app closed mid-sync) says so too', async () => {
    const { send } = cuttable();
    const s = await temp.open({
      sandbox: { seed: 1, coassembleLimit: SCALED },
      send,
      sync: { rateLimit: SCALED },
    });
    // Close the app as soon as the first trackings page is saved.
    const trackings = new Promise<void>((resolve) =>
      s.events.subscribe(
        (m) => m.event === 'sync:progress' && m.payload.entity === 'coassemble.trackings' && resolve(),
      ),
    );
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COASSEMBLE_ID] });
    await trackings;
    const again = await temp.reopen({
      sandbox: { seed: 1, coassembleLimit: SCALED },
      send,
      sync: { rateLimit: SCALED },
    });
    const run = await runOf(again);
    expect(run.state).toBe('interrupted');
    const v = await callOk(again, 'reports.run', { name: 'completionRate' });
    expect(v.notes.join('\n')).toContain(
      `${CA}: its first sync was stopped at ${local(run.finishedAt!)} before it finished`,
    );
    expect(nothingStored(await callOk(again, 'sync.status', {}))).toBe(false);
  });

  it('a failed sync after a complete one: the figures are the complete sync’s, partly updated', async () => {
    const { cut, send } = cuttable();
    const s = await temp.open({
      sandbox: { seed: 1, coassembleLimit: SCALED },
      send,
      sync: { rateLimit: SCALED, maxAttempts: 1 },
    });
    expect(await syncCoassemble(s)).toBe('completed');
    const complete = (await runOf(s)).finishedAt!;
    const before = await callOk(s, 'reports.run', { name: 'completionRate' });
    expect(before.notes.join('\n')).not.toMatch(/sync failed|partial/);

    cut.after = cut.seen + 3;
    expect(await syncCoassemble(s)).toBe('failed');
    const failed = await runOf(s);
    // What the store holds now: nothing was removed, the rows the failed sync did not reach keep the
    // complete sync's stamp, and those it read carry its own.
    const runs = s.db
      .prepare(`SELECT DISTINCT run_id FROM synced_enrolments WHERE connection_id = ? ORDER BY run_id`)
      .pluck()
      .all(SANDBOX_COASSEMBLE_ID);
    expect(runs).toEqual([failed.id - 1, failed.id]);
    const after = await callOk(s, 'reports.run', { name: 'completionRate' });
    expect(after.tables[0]!.rows).toEqual(before.tables[0]!.rows);
    expect(after.notes.join('\n')).toContain(
      `${CA}: its latest sync failed at ${local(failed.finishedAt!)}. These figures are from the complete sync of ${local(complete)}`,
    );
  });
});
