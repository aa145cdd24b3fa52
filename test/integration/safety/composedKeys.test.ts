// Row keys that differ only in Unicode composition — a name typed on a Mac (e + U+0301, NFD) and one typed
// elsewhere (é, NFC) — are one key everywhere the store compares keys, not only where "already sent" is
// decided: a row on its way or in doubt in a running job holds its twin in another job, a removal of the
// twin takes the row back, and a recipe's repeat of the twin follows the first. Real parts: a SQLite file,
// the real keychain, the sandbox LMS over HTTP, through dispatch; the LMS in front of the sandbox compares
// names in NFC (as the premise of one key has it), and loses the answer to one create where told to.
import { describe, expect, it } from 'vitest';
import { NetworkError, sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import type { Recipe } from '../../../src-shared/recipes/types';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const NFC = 'Équipe Café';
const NFD = NFC.normalize('NFD');
const JOSE = 'josé@composed.test';
const JOSE_NFD = JOSE.normalize('NFD');

/** Text composed: a JSON body's strings (\u escapes too), a form body's or a query's values. */
function composedText(body: string, form: boolean): string {
  if (form) {
    const params = new URLSearchParams(body);
    for (const [k, v] of [...params]) params.set(k, v.normalize('NFC'));
    return params.toString();
  }
  try {
    return JSON.stringify(JSON.parse(body)).normalize('NFC');
  } catch {
    return body.normalize('NFC');
  }
}

/**
 * An LMS that compares text in NFC (the request's body and query composed before the sandbox reads them),
 * whose answer to the first create of `lose` is lost after it left (a reset: in doubt), and whose member
 * lookups then wait until `release()`.
 */
function composingLms(lose?: string) {
  let release: () => void = () => {};
  const lms = { held: new Promise<void>((r) => (release = r)), release: () => release(), lost: false };
  const send = async (req: HttpRequest): Promise<HttpResponse> => {
    const url = new URL(req.url);
    url.search = composedText(url.search.slice(1), true);
    const form = /urlencoded/i.test(
      Object.entries(req.headers).find(([h]) => /^content-type$/i.test(h))?.[1] ?? '',
    );
    const composed = {
      ...req,
      url: url.toString(),
      body: req.body === null ? null : composedText(req.body, form),
    };
    if (
      lose &&
      !lms.lost &&
      req.method === 'POST' &&
      decodeURIComponent(composed.body ?? '').includes(lose)
    ) {
      lms.lost = true;
      throw new NetworkError(`Could not reach ${url.host}: ECONNRESET`, 5, false);
    }
    if (lose && req.method === 'GET' && url.pathname.endsWith('/members')) await lms.held;
    return sendHttp(composed);
  };
  return { lms, send };
}

const col = (column: string) => ({ kind: 'column' as const, column });
const groupMapping = { fields: { memberId: col('member'), name: col('group') } };

async function aLearner(s: Services): Promise<number> {
  const st = await sandboxState(s.sandbox!.url);
  return st.coursepath.members.find((m) => m.role === 'learner')!.id;
}

const posts = (s: Services, path: RegExp) =>
  s.sandbox!.ledger.entries().filter((e) => e.method === 'POST' && path.test(e.path));

async function waitFor(what: string, done: () => boolean): Promise<void> {
  for (const end = Date.now() + 20_000; !done(); await new Promise((r) => setTimeout(r, 20)))
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
}

describe('row keys in either Unicode composition are one key', () => {
  const temp = useTempServices();

  it('a job is refused while a running job holds the NFC twin of its row in doubt', async () => {
    const { lms, send } = composingLms(JOSE);
    const s = await temp.open({ sandbox: { seed: 31, faults: 'latency:10-20' }, send });
    let firstId = '';
    try {
      // The first job: josé (NFC), then rows that keep it running; josé's answer is lost (in doubt), and
      // its lookup at the end of the loop waits.
      const first = await callOk(s, 'jobs.create', {
        ...memberJobSpec(
          seedDataset(
            s.db,
            ['email', 'first', 'last'],
            [[JOSE, 'José', 'Lee'], ...userRows(20, 'filler.test')],
          ),
        ),
        options: { concurrency: 1, canary: 0 },
      });
      firstId = first.id;
      await callOk(s, 'jobs.start', { jobId: first.id });
      const inDoubt = s.db
        .prepare(`SELECT status FROM job_items WHERE job_id = ? AND row_number = 2`)
        .pluck();
      await waitFor("josé's row in doubt", () => inDoubt.get(first.id) === 'in_doubt');
      expect(s.runner.isActive(first.id)).toBe(true);

      // The same person typed on a Mac: the first job may still have created them.
      const second = await callOk(s, 'jobs.create', {
        ...memberJobSpec(seedDataset(s.db, ['email', 'first', 'last'], [[JOSE_NFD, 'José', 'Lee']])),
        options: { canary: 0 },
      });
      expect(second.counts).toMatchObject({ pending: 1 });
      const refused = await s.dispatch('jobs.start', { jobId: second.id });
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error.code).toBe('CONFLICT');
        expect(refused.error.message).toMatch(
          new RegExp(`^Job ${first.id} \\(seeded\\.csv\\) is sending 1 of this job's row`),
        );
      }
    } finally {
      lms.release();
      if (firstId) await s.runner.whenSettled(firstId);
    }
    // One José in the LMS: the first job sent his create again once its lookup found none.
    const st = await sandboxState(s.sandbox!.url);
    expect(st.coursepath.members.filter((m) => m.email === JOSE)).toHaveLength(1);
  }, 60_000);

  it('a group membership removed by its NFD twin is no longer already sent', async () => {
    const { send } = composingLms();
    const s = await temp.open({ sandbox: { seed: 32 }, send });
    const member = String(await aLearner(s));
    const run = async (templateId: string, group: string, confirm?: string) => {
      const job = await callOk(s, 'jobs.create', {
        datasetId: seedDataset(s.db, ['member', 'group'], [[member, group]]),
        connectionId: SANDBOX_COURSEPATH_ID,
        templateId,
        mapping: groupMapping,
        options: {},
      });
      await callOk(s, 'jobs.start', { jobId: job.id, ...(confirm ? { confirm } : {}) });
      return (await s.runner.whenSettled(job.id)).counts;
    };
    const add = {
      datasetId: seedDataset(s.db, ['member', 'group'], [[member, NFC]]),
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.groups.add',
      mapping: groupMapping,
    };
    expect((await run('coursepath.groups.add', NFC)).succeeded).toBe(1);
    expect((await callOk(s, 'jobs.preflight', add)).counts).toMatchObject({ wouldSend: 0, alreadySent: 1 });

    // Removed from the group by a file typed on a Mac: the membership the first job made is gone.
    const removed = await run(
      'coursepath.groups.remove',
      NFD,
      'REMOVE 1 group membership on Sandbox · Coursepath',
    );
    expect(removed.succeeded).toBe(1);
    const st = await sandboxState(s.sandbox!.url);
    expect(st.coursepath.groups.find((g) => g.name === NFC)!.memberIds).not.toContain(Number(member));
    expect((await callOk(s, 'jobs.preflight', add)).counts).toMatchObject({ wouldSend: 1, alreadySent: 0 });
  }, 60_000);

  it("a recipe row repeating an earlier row's key in the other composition follows it: sent once", async () => {
    const { send } = composingLms();
    const s = await temp.open({ sandbox: { seed: 33 }, send });
    const member = String(await aLearner(s));
    const recipe: Recipe = {
      version: 1,
      id: 'test.groups',
      name: 'Groups',
      api: 'coursepath',
      steps: [
        { id: 'group', name: 'Add to group', template: 'coursepath.groups.add', mapping: groupMapping },
      ],
    };
    const datasetId = seedDataset(
      s.db,
      ['member', 'group'],
      [
        [member, NFC],
        [member, NFD],
      ],
    );
    const job = await callOk(s, 'recipes.createJob', {
      recipe,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: {},
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts).toMatchObject({ succeeded: 1, skipped: 1 });
    const third = s.db
      .prepare(`SELECT status, skip_reason AS skip, note FROM job_items WHERE job_id = ? AND row_number = 3`)
      .get(job.id) as { status: string; skip: string; note: string };
    expect(third).toMatchObject({ status: 'skipped', skip: 'duplicate' });
    expect(third.note).toMatch(/^Not sent: row 2 has the same /);
    expect(posts(s, new RegExp(`^/api/v1/members/${member}/groups$`))).toHaveLength(1);
  }, 60_000);
});
