// A list that changes while a sync pages through it. Neither API returns a total or a cursor (bare
// arrays, `page`/`length` or `offset`/`limit`), so a row deleted before the page being read shifts the
// rest one place up and the next page starts one row late: the row that moved up is never seen. A sync
// that then completes prunes it as "gone from the LMS" although it is still there. Against the real
// sandbox over HTTP; the LMS is changed from the sync's own `send`, right after it answers a first page.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { NetworkError, sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { signCoursepathJwt } from '../../../src-main/services/signing';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { useTempServices } from '../../helpers/tempServices';

const SCALED = { requests: 100, windowMs: 1000 };
const PAGE = 5;

/** The real sandbox; `hook` runs after each GET is answered, before the sync sees the answer. */
function hooked() {
  const h: { hook: ((url: URL, body: unknown) => Promise<void>) | null } = { hook: null };
  const send = async (req: HttpRequest): Promise<HttpResponse> => {
    const res = await sendHttp(req);
    if (h.hook && req.method === 'GET' && res.status === 200)
      await h.hook(new URL(req.url), JSON.parse(res.body));
    return res;
  };
  return { h, send };
}

const isFirstPage = (u: URL, path: string) =>
  u.pathname === path && u.searchParams.get('length') === String(PAGE) && u.searchParams.get('page') === '0';

async function syncOne(s: Services, id: string) {
  await callOk(s, 'sync.start', { connectionIds: [id] });
  return s.sync.whenDone(id);
}

/**
 * Another admin's delete, made while the sync reads. The sandbox counts it in the same rolling window as
 * the sync (one IP), which the sync fills to its limit: a 429 is waited out as its Retry-After says.
 */
async function caDelete(s: Services, path: string): Promise<Response> {
  const c = s.sandbox!.credentials.coassemble;
  for (;;) {
    const r = await fetch(`${c.baseUrl}/api/v1/headless${path}`, {
      method: 'DELETE',
      headers: { Authorization: `COASSEMBLE:${c.workspaceId}:${c.apiKey}` },
    });
    if (r.status !== 429) return r;
    await new Promise((done) => setTimeout(done, Number(r.headers.get('retry-after') ?? 1) * 1000));
  }
}

const ids = (s: Services, sql: string, ...args: unknown[]) =>
  new Set(
    s.db
      .prepare(sql)
      .pluck()
      .all(...args) as string[],
  );

describe('a list that changes while the sync reads it', () => {
  const temp = useTempServices();

  it('Coassemble (page/length): a tracking deleted during paging does not make another vanish', async () => {
    const { h, send } = hooked();
    const s = await temp.open({
      sandbox: { seed: 3, coassembleLimit: SCALED },
      send,
      sync: { pageSize: PAGE, rateLimit: SCALED },
    });
    expect(await syncOne(s, SANDBOX_COASSEMBLE_ID)).toBe('completed');
    const before = await sandboxState(s.sandbox!.url);
    const course = String(before.coassemble.courses.find((c) => c.published && c.deleted === null)!.id);
    expect(before.coassemble.trackings.filter((t) => String(t.courseId) === course).length).toBeGreaterThan(
      PAGE + 1,
    );

    // Next sync: as soon as the course's first page of trackings is answered, one of them is deleted.
    let removed = '';
    h.hook = async (u, body) => {
      if (removed || !isFirstPage(u, '/api/v1/headless/trackings') || u.searchParams.get('id') !== course)
        return;
      const t = (body as { id: number; identifier: string }[])[1]!;
      removed = String(t.id);
      const c = s.sandbox!.credentials.coassemble;
      const res = await fetch(`${c.baseUrl}/api/v1/headless/tracking`, {
        method: 'DELETE',
        headers: {
          Authorization: `COASSEMBLE:${c.workspaceId}:${c.apiKey}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ id: course, identifier: t.identifier }).toString(),
      });
      expect(res.status).toBe(200);
    };
    expect(await syncOne(s, SANDBOX_COASSEMBLE_ID)).toBe('completed');
    expect(removed).not.toBe('');

    const after = await sandboxState(s.sandbox!.url);
    const want = after.coassemble.trackings
      .filter((t) => String(t.courseId) === course)
      .map((t) => String(t.id));
    expect(want).not.toContain(removed);
    // Every tracking the LMS still has is kept; the deleted one too, as it was seen before it went (the
    // next sync drops it, as it would any row deleted after its page was read).
    expect(
      ids(
        s,
        `SELECT record_id FROM synced_enrolments WHERE connection_id = ? AND course_id = ?`,
        SANDBOX_COASSEMBLE_ID,
        course,
      ),
    ).toEqual(new Set([...want, removed]));
    const run = (await callOk(s, 'sync.status', {})).find(
      (x) => x.connectionId === SANDBOX_COASSEMBLE_ID,
    )!.lastRun!;
    expect(run.entities.every((e) => e.status !== 'changed')).toBe(true); // read again once, then it held still
  });

  it('Coursepath (offset/limit): a learner unenrolled during paging does not make another enrolment vanish', async () => {
    const { h, send } = hooked();
    const s = await temp.open({ sandbox: { seed: 3 }, send, sync: { pageSize: PAGE } });
    expect(await syncOne(s, SANDBOX_COURSEPATH_ID)).toBe('completed');

    const before = await sandboxState(s.sandbox!.url);
    const perCourse = new Map<string, number>();
    for (const r of before.coursepath.courseMembers)
      perCourse.set(String(r.courseId), (perCourse.get(String(r.courseId)) ?? 0) + 1);
    const [course] = [...perCourse].sort((a, b) => b[1] - a[1])[0]!;
    expect(perCourse.get(course)).toBeGreaterThan(PAGE + 1); // more than one page

    let removed = '';
    h.hook = async (u, body) => {
      const first =
        u.pathname === `/api/v1/courses/${course}/members` &&
        u.searchParams.get('offset') === '0' &&
        u.searchParams.get('limit') === String(PAGE);
      if (removed || !first) return;
      removed = String((body as { id: number }[])[1]!.id);
      const c = s.sandbox!.credentials.coursepath;
      const res = await fetch(`${c.baseUrl}/api/v1/courses/${course}/members/${removed}/coursemember`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${signCoursepathJwt(c.email, c.apiKey)}` },
      });
      expect(res.status).toBeLessThan(300);
    };
    expect(await syncOne(s, SANDBOX_COURSEPATH_ID)).toBe('completed');
    expect(removed).not.toBe('');

    const after = await sandboxState(s.sandbox!.url);
    const want = after.coursepath.courseMembers
      .filter((r) => String(r.courseId) === course)
      .map((r) => String(r.memberId));
    expect(want).not.toContain(removed);
    // The removed member's result answered 404 as the page was prepared. A listed member with no result
    // may also be one the LMS has no result for yet (unknown on the real LMS, evidence.md): left out, the
    // course's completion rate would rise. Kept as listed, with no result — as Coassemble keeps a tracking
    // deleted after its page was read, the next sync drops them — and every report says so.
    expect(
      ids(
        s,
        `SELECT learner_id FROM synced_enrolments WHERE connection_id = ? AND course_id = ?`,
        SANDBOX_COURSEPATH_ID,
        course,
      ),
    ).toEqual(new Set([...want, removed]));
    const kept = s.db
      .prepare(`SELECT status, completed_at AS completedAt FROM synced_enrolments WHERE course_id = ? AND learner_id = ?`)
      .get(course, removed);
    expect(kept).toEqual({ status: 'no_result', completedAt: null });
    const report = await callOk(s, 'reports.run', { name: 'completionRate' });
    expect(report.notes).toContainEqual(
      expect.stringMatching(
        /^Sandbox · Coursepath: 1 learner listed in a course had no result there \(Coursepath answered 404\): counted as enrolled, not started\./,
      ),
    );
    // Synced again: no longer listed, so gone.
    expect(await syncOne(s, SANDBOX_COURSEPATH_ID)).toBe('completed');
    expect(
      ids(
        s,
        `SELECT learner_id FROM synced_enrolments WHERE connection_id = ? AND course_id = ?`,
        SANDBOX_COURSEPATH_ID,
        course,
      ),
    ).toEqual(new Set(want));
    expect((await callOk(s, 'reports.run', { name: 'completionRate' })).notes.join(' ')).not.toMatch(/no result/);
  });

  it('a sync stopped as it checks its last page, the list changed meanwhile: the resumed run finds out', async () => {
    // The real sandbox, with two events placed by request: `onAnswer` runs after a matching request is
    // answered; `cut` loses the connection on a matching request (once each).
    const at: { onAnswer: [string, () => Promise<void>] | null; cut: string | null } = {
      onAnswer: null,
      cut: null,
    };
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      const u = new URL(req.url);
      const here = `${u.pathname}?${u.searchParams.toString()}`;
      if (here === at.cut) {
        at.cut = null;
        throw new NetworkError('socket hang up', 1, false);
      }
      const res = await sendHttp(req);
      const hook = at.onAnswer;
      if (hook && here === hook[0]) {
        at.onAnswer = null;
        await hook[1]();
      }
      return res;
    };
    const s = await temp.open({ sandbox: { seed: 3 }, send, sync: { pageSize: PAGE, maxAttempts: 1 } });
    expect(await syncOne(s, SANDBOX_COURSEPATH_ID)).toBe('completed');
    const state = await sandboxState(s.sandbox!.url);
    const perCourse = new Map<string, number>();
    for (const r of state.coursepath.courseMembers)
      perCourse.set(String(r.courseId), (perCourse.get(String(r.courseId)) ?? 0) + 1);
    const [course, count] = [...perCourse].sort((a, b) => b[1] - a[1])[0]!;
    const lastPage = Math.floor(count / PAGE) * PAGE; // the offset of the last page, the short one
    expect(lastPage).toBeGreaterThanOrEqual(2 * PAGE);

    const c = s.sandbox!.credentials.coursepath;
    const auth = () => ({ Authorization: `Bearer ${signCoursepathJwt(c.email, c.apiKey)}` });
    const list = `/api/v1/courses/${course}/members`;
    const first = (await (
      await fetch(`${c.baseUrl}${list}?offset=0&limit=${PAGE}`, { headers: auth() })
    ).json()) as { id: number }[];
    const removed = String(first[1]!.id);
    // Once the page before the last has been checked, someone on the first page is unenrolled: the last
    // page then starts one row late. The sync stops as it checks that last page.
    at.onAnswer = [
      `${list}?offset=${lastPage - PAGE - 1}&limit=1`,
      async () => {
        const del = await fetch(`${c.baseUrl}${list}/${removed}/coursemember`, {
          method: 'DELETE',
          headers: auth(),
        });
        expect(del.status).toBeLessThan(300);
      },
    ];
    at.cut = `${list}?offset=${lastPage - 1}&limit=1`;
    expect(await syncOne(s, SANDBOX_COURSEPATH_ID)).toBe('failed');
    expect(at.onAnswer).toBeNull();

    expect(await syncOne(s, SANDBOX_COURSEPATH_ID)).toBe('completed'); // the same run, resumed
    expect(
      (await callOk(s, 'sync.runs', {})).filter((r) => r.connectionId === SANDBOX_COURSEPATH_ID),
    ).toHaveLength(2);
    const want = (await sandboxState(s.sandbox!.url)).coursepath.courseMembers
      .filter((r) => String(r.courseId) === course)
      .map((r) => String(r.memberId));
    const stored = ids(
      s,
      `SELECT learner_id FROM synced_enrolments WHERE connection_id = ? AND course_id = ?`,
      SANDBOX_COURSEPATH_ID,
      course,
    );
    // Everyone still enrolled is kept; the one removed was read before they went (the next sync drops them).
    expect(stored).toEqual(new Set([...want, removed]));
  });

  it('a run stopped mid-list before these checks existed reads that list again from its start', async () => {
    let cut = true;
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      const u = new URL(req.url);
      if (cut && u.pathname === '/api/v1/headless/users' && u.searchParams.get('page') === '3') {
        cut = false;
        throw new NetworkError('socket hang up', 1, false);
      }
      return sendHttp(req);
    };
    const s = await temp.open({
      sandbox: { seed: 3, coassembleLimit: SCALED },
      send,
      sync: { pageSize: PAGE, rateLimit: SCALED, maxAttempts: 1 },
    });
    expect(await syncOne(s, SANDBOX_COASSEMBLE_ID)).toBe('failed');
    // As a cursor saved by the version before the checks: mid-list, with no key to check against.
    s.db
      .prepare(
        `UPDATE sync_cursors SET last_key = NULL, check_at = NULL, check_key = NULL WHERE entity = 'coassemble.users'`,
      )
      .run();
    const firstPages = () =>
      s
        .sandbox!.ledger.entries()
        .filter((e) => isFirstPage(new URL(`http://x${e.path}?${e.query}`), '/api/v1/headless/users')).length;
    expect(firstPages()).toBe(1);
    expect(await syncOne(s, SANDBOX_COASSEMBLE_ID)).toBe('completed');
    expect(firstPages()).toBe(2);
    const want = (await sandboxState(s.sandbox!.url)).coassemble.users.map((u) => u.identifier);
    expect(
      ids(s, `SELECT learner_id FROM synced_learners WHERE connection_id = ?`, SANDBOX_COASSEMBLE_ID),
    ).toEqual(new Set(want));
  });

  it('a list that keeps changing: read a few times, then completed with a warning naming it, and nothing pruned from it', async () => {
    const { h, send } = hooked();
    const s = await temp.open({
      sandbox: { seed: 3, coassembleLimit: SCALED },
      send,
      sync: { pageSize: PAGE, rateLimit: SCALED },
    });
    expect(await syncOne(s, SANDBOX_COASSEMBLE_ID)).toBe('completed');

    // Every time the first page of users is answered, its first user is deleted.
    const gone: string[] = [];
    h.hook = async (u, body) => {
      if (!isFirstPage(u, '/api/v1/headless/users')) return;
      const id = (body as { identifier: string }[])[0]!.identifier;
      gone.push(id);
      expect((await caDelete(s, `/user/${encodeURIComponent(id)}?action=ignore`)).status).toBe(200);
    };
    expect(await syncOne(s, SANDBOX_COASSEMBLE_ID)).toBe('completed');
    expect(gone.length).toBeGreaterThan(1); // it read the list again
    expect(gone.length).toBeLessThan(10); // but not without end

    const run = (await callOk(s, 'sync.status', {})).find(
      (x) => x.connectionId === SANDBOX_COASSEMBLE_ID,
    )!.lastRun!;
    const users = run.entities.find((e) => e.entity === 'coassemble.users')!;
    expect(users.status).toBe('changed');
    expect(users.note).toMatch(
      /^Users kept changing in the LMS while they were read \(4 times\), so rows missing/,
    );
    expect(run.entities.filter((e) => e.status === 'changed').map((e) => e.entity)).toEqual([
      'coassemble.users',
    ]);
    // Not pruned on the strength of that list: the users deleted meanwhile are still in the store, and so
    // is everyone the LMS still has.
    const stored = ids(
      s,
      `SELECT learner_id FROM synced_learners WHERE connection_id = ?`,
      SANDBOX_COASSEMBLE_ID,
    );
    for (const id of gone) expect(stored.has(id), id).toBe(true);
    for (const u of (await sandboxState(s.sandbox!.url)).coassemble.users)
      expect(stored.has(u.identifier), u.identifier).toBe(true);
  });
  it('a course list that keeps changing: the trackings of a course it missed are kept, not pruned', async () => {
    const { h, send: hookedSend } = hooked();
    // Whether `deleted=true` lists the deleted courses only or every course is not documented: here, the
    // deleted ones only, so the deleted list does not happen to see the course the live list missed.
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      const res = await hookedSend(req);
      const u = new URL(req.url);
      if (
        u.pathname !== '/api/v1/headless/courses' ||
        u.searchParams.get('deleted') !== 'true' ||
        res.status !== 200
      )
        return res;
      const rows = JSON.parse(res.body) as { deleted: unknown }[];
      return { ...res, body: JSON.stringify(rows.filter((c) => c.deleted)) };
    };
    const size = 2;
    const s = await temp.open({
      sandbox: { seed: 3, coassembleLimit: SCALED },
      send,
      sync: { pageSize: size, rateLimit: SCALED },
    });
    expect(await syncOne(s, SANDBOX_COASSEMBLE_ID)).toBe('completed');
    const stored = () =>
      ids(s, `SELECT record_id FROM synced_enrolments WHERE connection_id = ?`, SANDBOX_COASSEMBLE_ID);
    const before = stored();

    // Another admin deletes courses while the live list is read. The first three reads lose a course on
    // their first page, so each is cut short after its second and read again; the fourth loses one on its
    // second page: its third page starts a row late, and the course that moved up is seen by no read.
    let reads = 0;
    const gone: string[] = [];
    h.hook = async (u, body) => {
      if (u.pathname !== '/api/v1/headless/courses' || u.searchParams.get('deleted') !== null) return;
      if (u.searchParams.get('length') !== String(size)) return;
      const page = u.searchParams.get('page');
      if (page === '0') reads++;
      if (!((page === '0' && reads <= 3) || (page === '1' && reads === 4 && gone.length === 3))) return;
      const id = String((body as { id: number }[])[0]!.id);
      gone.push(id);
      expect((await caDelete(s, `/course/${id}`)).status).toBe(200);
    };
    expect(await syncOne(s, SANDBOX_COASSEMBLE_ID)).toBe('completed');
    expect(gone).toHaveLength(4);
    const run = (await callOk(s, 'sync.status', {})).find(
      (x) => x.connectionId === SANDBOX_COASSEMBLE_ID,
    )!.lastRun!;
    expect(run.entities.find((e) => e.entity === 'coassemble.courses')!.status).toBe('changed');

    // A live course this run never saw (kept, as the list changed): its trackings were not read again,
    // so they must still be in the store, not pruned as gone from the LMS.
    const missed = ids(
      s,
      `SELECT course_id FROM synced_courses WHERE connection_id = ? AND run_id <> ? AND COALESCE(status, '') <> 'deleted'`,
      SANDBOX_COASSEMBLE_ID,
      run.id,
    );
    expect(missed.size).toBe(1);
    const theirs = (await sandboxState(s.sandbox!.url)).coassemble.trackings
      .filter((t) => missed.has(String(t.courseId)))
      .map((t) => String(t.id));
    expect(theirs.length).toBeGreaterThan(0);
    const kept = stored();
    for (const id of theirs) expect(before.has(id) && kept.has(id), `tracking ${id}`).toBe(true);
    expect(run.entities.find((e) => e.entity === 'coassemble.trackings')!.status).toBe('done');
  });
});
