// A sync whose page cannot be saved because the database refuses the write (a full disk, here SQLite's
// own page limit on the real file, which answers as a full disk does: SQLITE_FULL). The run fails, and its
// error — kept in `sync status`, in every report's note and the CLI's closing line — names the file and
// what to do, as a job's stop reason does, not SQLite's bare "database or disk is full".
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

describe('a sync on a database that refuses its writes', () => {
  const temp = useTempServices();

  it('fails naming the database file and the cause, and resumes once there is room', async () => {
    let full = false;
    const h: { fill: (() => void) | null } = { fill: null };
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      const res = await sendHttp(req);
      // Once the members list is asked for, the file may not grow any more.
      if (!full && new URL(req.url).pathname === '/api/v1/members') {
        full = true;
        h.fill?.();
      }
      return res;
    };
    const s = await temp.open({ sandbox: { seed: 3 }, send, sync: { pageSize: 5 } });
    h.fill = () => {
      s.db.pragma('incremental_vacuum');
      s.db.pragma(`max_page_count = ${s.db.pragma('page_count', { simple: true }) as number}`);
    };
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    expect(await s.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBe('failed');
    const run = (await callOk(s, 'sync.status', {})).find(
      (x) => x.connectionId === SANDBOX_COURSEPATH_ID,
    )!.lastRun!;
    const file = join(temp.dir, 'bulk-desk.sqlite');
    expect(run.error).toContain(`The disk holding ${file} is full`);
    expect(run.error).toMatch(/Free some space on it\. Then sync again/);

    s.db.pragma('max_page_count = 1073741823');
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    expect(await s.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBe('completed');
  });
});
