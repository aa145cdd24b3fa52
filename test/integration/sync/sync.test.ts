// Sync against the real sandbox: every page of every entity (counts checked against the sandbox's own
// state), through injected faults, resumed after a failure without re-reading saved pages, and a second
// sync that updates rather than duplicates.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { signCoursepathJwt } from '../../../src-main/services/signing';
import type { SyncProgress } from '../../../src-shared/sync/types';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';
import { expectedCounts, sandboxState } from '../../helpers/sandboxState';

const count = (s: Services, sql: string, ...args: unknown[]) => (s.db.prepare(sql).get(...args) as { n: number }).n;
const perConnection = (s: Services, table: string, id: string) =>
  count(s, `SELECT COUNT(*) AS n FROM ${table} WHERE connection_id = ?`, id);

/**
 * Coassemble's 100 requests a minute scaled down in time to 100 a second, for the sandbox and the sync
 * alike: these tests are about what a sync reads and keeps, not its pace (test/integration/runner/
 * rateLimit.test.ts and the throttle's unit tests are), and at 0.6 s a request they waited a minute.
 */
const SCALED = { requests: 100, windowMs: 1000 };

async function syncBoth(s: Services) {
  await callOk(s, 'sync.start', {});
  return [await s.sync.whenDone(SANDBOX_COASSEMBLE_ID), await s.sync.whenDone(SANDBOX_COURSEPATH_ID)];
}

describe('sync of the LMS data into SQLite', () => {
  const temp = useTempServices();

  it('fetches every page of every entity of both APIs, and records screen types as not available', async () => {
    const services = await temp.open({
      sandbox: { seed: 7, coassembleLimit: SCALED },
      sync: { pageSize: 5, rateLimit: SCALED },
    });
    const events: SyncProgress[] = [];
    services.events.subscribe((m) => m.event === 'sync:progress' && events.push(m.payload));
    expect(await syncBoth(services)).toEqual(['completed', 'completed']);

    const plain = await sandboxState(services.sandbox!.url);
    const want = expectedCounts(plain);
    const s = services;
    // Soft-deleted courses are kept too, with their state (to restore them by title; issue 16).
    const deleted = plain.coassemble.courses.filter((c) => c.deleted !== null).length;
    expect(deleted).toBeGreaterThan(0);
    expect(perConnection(s, 'synced_courses', SANDBOX_COASSEMBLE_ID)).toBe(want.coassemble.courses + deleted);
    expect(
      count(s, `SELECT COUNT(*) AS n FROM synced_courses WHERE connection_id = '${SANDBOX_COASSEMBLE_ID}' AND status = 'deleted'`),
    ).toBe(deleted);
    expect(perConnection(s, 'synced_course_screens', SANDBOX_COASSEMBLE_ID)).toBe(want.coassemble.screens);
    expect(perConnection(s, 'synced_clients', SANDBOX_COASSEMBLE_ID)).toBe(want.coassemble.clients);
    expect(perConnection(s, 'synced_learners', SANDBOX_COASSEMBLE_ID)).toBe(want.coassemble.users);
    expect(perConnection(s, 'synced_enrolments', SANDBOX_COASSEMBLE_ID)).toBe(want.coassemble.trackings);
    expect(perConnection(s, 'synced_courses', SANDBOX_COURSEPATH_ID)).toBe(want.coursepath.courses);
    expect(perConnection(s, 'synced_learners', SANDBOX_COURSEPATH_ID)).toBe(want.coursepath.members);
    expect(perConnection(s, 'synced_groups', SANDBOX_COURSEPATH_ID)).toBe(want.coursepath.groups);
    expect(perConnection(s, 'synced_group_members', SANDBOX_COURSEPATH_ID)).toBe(want.coursepath.groupMembers);
    expect(perConnection(s, 'synced_enrolments', SANDBOX_COURSEPATH_ID)).toBe(want.coursepath.courseMembers);
    // More than one page really was read: 36 users in pages of 5 are pages 0..7. After each page but the
    // first, the row just before it is read again alone (page = index at length 1), to notice a list
    // that shrank meanwhile.
    const read = (path: string, size: string, field: 'page' | 'offset') =>
      s.sandbox!.ledger.entries()
        .map((e) => ({ e, q: new URLSearchParams(e.query) }))
        .filter(({ e, q }) => e.path === path && e.status === 200 && q.get(field === 'page' ? 'length' : 'limit') === size)
        .map(({ q }) => q.get(field));
    expect(read('/api/v1/headless/users', '5', 'page')).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(read('/api/v1/headless/users', '1', 'page')).toEqual(['4', '9', '14', '19', '24', '29', '34']);
    const memberPages = Math.ceil((want.coursepath.members + 1) / 5);
    expect(read('/api/v1/members', '5', 'offset')).toEqual(Array.from({ length: memberPages }, (_, i) => String(i * 5)));
    expect(read('/api/v1/members', '1', 'offset')).toEqual(Array.from({ length: memberPages - 1 }, (_, i) => String(i * 5 + 4)));

    const status = await callOk(s, 'sync.status', {});
    const ca = status.find((x) => x.connectionId === SANDBOX_COASSEMBLE_ID)!;
    expect(ca.lastRun?.state).toBe('completed');
    const screenTypes = ca.lastRun!.entities.find((e) => e.entity === 'coassemble.screenTypes')!;
    expect(screenTypes.status).toBe('unavailable');
    expect(screenTypes.note).toMatch(/Not available: HTTP 404/);
    expect(ca.counts.enrolments).toBe(want.coassemble.trackings);
    // Every row is stamped with when it was synced.
    expect(count(s, `SELECT COUNT(*) AS n FROM synced_learners WHERE synced_at IS NULL OR run_id IS NULL`)).toBe(0);
    // Progress events, per page, ending in one `completed` per connection.
    expect(events.filter((e) => e.state === 'completed').map((e) => e.connectionId).sort()).toEqual(
      [SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID].sort(),
    );
    expect(events.filter((e) => e.entity === 'coassemble.users').length).toBeGreaterThanOrEqual(8);
  });

  it('survives injected 500s and connection resets mid-sync (retried through the shared policy)', async () => {
    const services = await temp.open({
      sandbox: { seed: 11, faults: '500:0.05,reset:0.02', coassembleLimit: SCALED },
      sync: { pageSize: 10, rateLimit: SCALED },
    });
    expect(await syncBoth(services)).toEqual(['completed', 'completed']);
    const want = expectedCounts(await sandboxState(services.sandbox!.url));
    expect(perConnection(services, 'synced_enrolments', SANDBOX_COASSEMBLE_ID)).toBe(want.coassemble.trackings);
    expect(perConnection(services, 'synced_enrolments', SANDBOX_COURSEPATH_ID)).toBe(want.coursepath.courseMembers);
    expect(perConnection(services, 'synced_learners', SANDBOX_COURSEPATH_ID)).toBe(want.coursepath.members);
    const faults = services.sandbox!.ledger.entries().filter((e) => e.outcome === 'fault:500' || e.outcome === 'reset');
    expect(faults.length).toBeGreaterThan(0);
    const runs = (await callOk(services, 'sync.status', {})).map((x) => x.lastRun!);
    expect(runs.reduce((n, r) => n + r.retries, 0)).toBeGreaterThan(0);
  });

  it('resumes a failed sync from its cursors: no saved page is read again, and the result is complete', async () => {
    // One attempt per request: the first injected fault stops the run, as a network outage would.
    const services = await temp.open({
      sandbox: { seed: 5, faults: '500:0.04' },
      sync: { pageSize: 5, maxAttempts: 1 },
    });
    const states: string[] = [];
    for (let i = 0; i < 40; i++) {
      await callOk(services, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
      const st = await services.sync.whenDone(SANDBOX_COURSEPATH_ID);
      states.push(st!);
      if (st === 'completed') break;
    }
    expect(states.at(-1)).toBe('completed');
    expect(states.filter((x) => x === 'failed').length).toBeGreaterThan(0); // it really was interrupted
    // All attempts belong to one run, resumed each time.
    expect(count(services, `SELECT COUNT(*) AS n FROM sync_runs WHERE connection_id = ?`, SANDBOX_COURSEPATH_ID)).toBe(1);
    const want = expectedCounts(await sandboxState(services.sandbox!.url));
    expect(perConnection(services, 'synced_learners', SANDBOX_COURSEPATH_ID)).toBe(want.coursepath.members);
    expect(perConnection(services, 'synced_enrolments', SANDBOX_COURSEPATH_ID)).toBe(want.coursepath.courseMembers);
    expect(perConnection(services, 'synced_group_members', SANDBOX_COURSEPATH_ID)).toBe(want.coursepath.groupMembers);
    // A page saved is never fetched again: each top-level list page succeeded exactly once.
    const ok = services.sandbox!.ledger
      .entries()
      .filter((e) => e.status === 200 && ['/api/v1/members', '/api/v1/courses', '/api/v1/groups'].includes(e.path));
    const urls = ok.map((e) => `${e.path}?${e.query}`);
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('does not resume a run that stopped more than a day ago: a fresh run reads everything again', async () => {
    const services = await temp.open({ sandbox: { seed: 5, faults: '500:1' }, sync: { maxAttempts: 1 } });
    await callOk(services, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    expect(await services.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBe('failed');
    const runs = () => count(services, `SELECT COUNT(*) AS n FROM sync_runs WHERE connection_id = ?`, SANDBOX_COURSEPATH_ID);
    await callOk(services, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    await services.sync.whenDone(SANDBOX_COURSEPATH_ID);
    expect(runs()).toBe(1); // resumed
    services.db.prepare(`UPDATE sync_runs SET started_at = started_at - 2 * 86400000`).run();
    await callOk(services, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    await services.sync.whenDone(SANDBOX_COURSEPATH_ID);
    expect(runs()).toBe(2); // too old to resume
    const last = (await callOk(services, 'sync.status', {})).find((x) => x.connectionId === SANDBOX_COURSEPATH_ID)!.lastRun!;
    expect(last.error).toMatch(/HTTP 500/);
  });

  it('a second sync updates rather than duplicates, and keeps a tracking snapshot per run', async () => {
    const s = await temp.open({
      sandbox: { seed: 3, coassembleLimit: SCALED },
      sync: { pageSize: 20, rateLimit: SCALED },
    });
    expect(await syncBoth(s)).toEqual(['completed', 'completed']);
    const tables = ['synced_courses', 'synced_learners', 'synced_enrolments', 'synced_clients', 'synced_groups', 'synced_group_members'];
    const before = tables.map((t) => count(s, `SELECT COUNT(*) AS n FROM ${t}`));
    const firstSync = count(s, `SELECT MAX(synced_at) AS n FROM synced_learners`);

    // Change one member and one user in the LMS between the two syncs.
    const c = s.sandbox!.credentials;
    const state = await sandboxState(s.sandbox!.url);
    const member = state.coursepath.members.find((m) => m.role === 'learner')!;
    const res = await fetch(`${c.coursepath.baseUrl}/api/v1/members/${member.id}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${signCoursepathJwt(c.coursepath.email, c.coursepath.apiKey)}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'name=Renamed%20Learner&department=Legal',
    });
    expect(res.status).toBeLessThan(300);
    const user = state.coassemble.users[0]!;
    const put = await fetch(`${c.coassemble.baseUrl}/api/v1/headless/user/${encodeURIComponent(user.identifier)}`, {
      method: 'PUT',
      headers: { Authorization: `COASSEMBLE:${c.coassemble.workspaceId}:${c.coassemble.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ metadata: { department: 'Legal' } }),
    });
    expect(put.status).toBeLessThan(300);

    expect(await syncBoth(s)).toEqual(['completed', 'completed']);
    expect(tables.map((t) => count(s, `SELECT COUNT(*) AS n FROM ${t}`))).toEqual(before);
    const row = s.db
      .prepare(`SELECT name, department, synced_at AS syncedAt FROM synced_learners WHERE connection_id = ? AND learner_id = ?`)
      .get(SANDBOX_COURSEPATH_ID, String(member.id)) as { name: string; department: string; syncedAt: number };
    expect(row.name).toBe('Renamed Learner');
    expect(row.department).toBe('Legal');
    expect(row.syncedAt).toBeGreaterThanOrEqual(firstSync);
    const dept = s.db
      .prepare(`SELECT department FROM synced_learners WHERE connection_id = ? AND learner_id = ?`)
      .get(SANDBOX_COASSEMBLE_ID, user.identifier) as { department: string };
    expect(dept.department).toBe('Legal');
    // Two runs per connection, each with its own snapshot of every tracking.
    const enrolments = count(s, `SELECT COUNT(*) AS n FROM synced_enrolments`);
    expect(count(s, `SELECT COUNT(*) AS n FROM enrolment_snapshots`)).toBe(2 * enrolments);
    const runs = await callOk(s, 'sync.runs', {});
    expect(runs).toHaveLength(4);
  });
});
