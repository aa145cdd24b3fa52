// The other built-in recipes and the recipe store, against the sandbox:
//  - "Offboard learners" is destructive: nothing starts without the phrase that names each destructive
//    step's count and the connection, and then each member leaves exactly their listed courses and groups;
//  - "Provision learners" (Coassemble) upserts each client once however many rows name it, each user, and
//    captures a signed URL per listed course;
//  - the optional invitation can be switched off for a run, a required step cannot;
//  - recipes are saved, listed, exported as YAML and imported again unchanged; built-ins stay as they are.
import { describe, expect, it } from 'vitest';
import {
  OFFBOARD_LEARNERS,
  ONBOARD_LEARNERS,
  PROVISION_LEARNERS,
} from '../../../src-shared/recipes/builtins';
import type { Recipe } from '../../../src-shared/recipes/types';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

/** The sandbox ledger's last entry so far (what a test sent after it is `since` it). */
const lastSeq = (s: Services) => s.sandbox!.ledger.entries().at(-1)?.seq ?? 0;

async function sync(s: Services, connectionId: string) {
  await callOk(s, 'sync.start', { connectionIds: [connectionId] });
  expect(await s.sync.whenDone(connectionId)).toBe('completed');
}

describe('built-in recipes and the recipe store', () => {
  const temp = useTempServices();

  it('a destructive recipe run with undo off does not say it can be undone afterwards: it names the steps that cannot be', async () => {
    const s = await temp.open({ sandbox: { seed: 7, coassembleLimit: null } });
    const datasetId = seedDataset(s.db, ['User ID', 'Client', 'Name', 'Courses'], [['usr_off1', 'offco', 'Off One', '']]);
    const job = await callOk(s, 'recipes.createJob', {
      recipe: PROVISION_LEARNERS,
      datasetId,
      connectionId: SANDBOX_COASSEMBLE_ID,
      options: { undo: false },
    });
    const refused = await s.dispatch('jobs.start', { jobId: job.id });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.message).not.toContain('It can be undone afterwards');
    expect(refused.error.message).toContain(
      `It cannot be undone step by step: with undo off, this job does not read each step's target before changing it, which the undo of "Create or update the client" and "Create or update the user" needs.`,
    );
    // What its undo then says, once sent: those steps cannot be undone.
    await callOk(s, 'jobs.start', { jobId: job.id, confirm: refused.error.details!.phrase as string });
    expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(2);
    const undo = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(undo.counts).toMatchObject({ undo: 0, cannot: 2 });
  });

  it('offboarding asks for a phrase naming each destructive step, then removes exactly the listed courses and groups', async () => {
    const s = await temp.open({ sandbox: { seed: 31 } });
    await sync(s, SANDBOX_COURSEPATH_ID);
    const titles = (await sandboxState(s.sandbox!.url)).coursepath.courses.map((c) => c.name);
    // Onboard three people into two courses and two groups each…
    const onboard = seedDataset(
      s.db,
      ['Email', 'First name', 'Last name', 'Courses', 'Groups'],
      [
        ['o1@off.test', 'O', 'One', `${titles[0]}; ${titles[1]}`, 'Sales; Support'],
        ['o2@off.test', 'O', 'Two', `${titles[0]}; ${titles[1]}`, 'Sales; Support'],
        ['o3@off.test', 'O', 'Three', `${titles[0]}; ${titles[1]}`, 'Sales; Support'],
      ],
    );
    const on = await callOk(s, 'recipes.createJob', {
      recipe: ONBOARD_LEARNERS,
      datasetId: onboard,
      connectionId: SANDBOX_COURSEPATH_ID,
      skipSteps: ['invite'],
    });
    await callOk(s, 'jobs.start', { jobId: on.id });
    expect((await s.runner.whenSettled(on.id)).counts).toMatchObject({ succeeded: 15, failed: 0 });
    await sync(s, SANDBOX_COURSEPATH_ID); // the new members, for the offboarding's email → id lookup

    // …then take two of them out of one course and one group.
    const offboard = seedDataset(
      s.db,
      ['Email', 'Courses', 'Groups'],
      [
        ['o1@off.test', titles[0]!, 'Sales'],
        ['o2@off.test', titles[1]!, ''],
      ],
    );
    const run = { recipe: OFFBOARD_LEARNERS, datasetId: offboard, connectionId: SANDBOX_COURSEPATH_ID };
    const plan = await callOk(s, 'recipes.preflight', run);
    expect(plan.confirmation).toBe(
      'REMOVE 2 course enrolments and REMOVE 1 group membership on Sandbox · Coursepath',
    );
    const job = await callOk(s, 'recipes.createJob', run);
    const before = lastSeq(s);
    const refused = await s.dispatch('jobs.start', { jobId: job.id });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('CONFLICT');
    expect(refused.error.details?.phrase).toBe(plan.confirmation);
    expect(refused.error.message).toMatch(
      /The recipe "Offboard learners" changes or removes data .* 3 items of its destructive steps to "Sandbox · Coursepath"/,
    );
    expect(refused.error.message).toContain('It can be undone afterwards, step by step'); // and what it cannot take back
    expect(s.sandbox!.ledger.since(before)).toEqual([]); // nothing left before the phrase
    await callOk(s, 'jobs.start', {
      jobId: job.id,
      confirm: 'remove 2 course enrolments and remove 1 group membership on sandbox coursepath',
    });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: 3, failed: 0, blocked: 0 });

    const state = await sandboxState(s.sandbox!.url);
    const id = (e: string) => state.coursepath.members.find((m) => m.email === e)!.id;
    const cid = (t: string) => state.coursepath.courses.find((c) => c.name === t)!.id;
    const coursesOf = (m: number) =>
      state.coursepath.courseMembers
        .filter((x) => x.memberId === m)
        .map((x) => x.courseId)
        .sort();
    const groupsOf = (m: number) =>
      state.coursepath.groups
        .filter((g) => g.memberIds.includes(m))
        .map((g) => g.name)
        .sort();
    expect(coursesOf(id('o1@off.test'))).toEqual([cid(titles[1]!)]);
    expect(groupsOf(id('o1@off.test'))).toEqual(['Support']);
    expect(coursesOf(id('o2@off.test'))).toEqual([cid(titles[0]!)]);
    expect(groupsOf(id('o2@off.test'))).toEqual(['Sales', 'Support']);
    expect(coursesOf(id('o3@off.test'))).toEqual([cid(titles[0]!), cid(titles[1]!)].sort()); // not in the file: untouched
  }, 60_000);

  it('provisioning upserts each client once, each user, and captures a signed URL per listed course', async () => {
    // No Coassemble window for the sync (nor the sandbox): at its 100 requests a minute the sync took ~9 s,
    // and what the recipe finds in the catalog, not the sync's pace, is tested here (sync/syncPace.test.ts).
    const s = await temp.open({ sandbox: { seed: 32, coassembleLimit: null }, sync: { rateLimit: null } });
    await sync(s, SANDBOX_COASSEMBLE_ID);
    const live = (await sandboxState(s.sandbox!.url)).coassemble.courses
      .filter((c) => c.deleted === null)
      .map((c) => c.title);
    const courses = live.filter((t) => live.indexOf(t) === live.lastIndexOf(t)); // titles that name one course
    const rows = Array.from({ length: 6 }, (_, i) => [
      i < 4 ? 'acme-learning' : 'globex-learning',
      `user-${i}`,
      `User ${i}`,
      i % 2 ? `${courses[0]}; ${courses[1]}` : courses[2]!,
    ]);
    const datasetId = seedDataset(s.db, ['Client', 'User ID', 'Name', 'Courses'], rows);
    const run = { recipe: PROVISION_LEARNERS, datasetId, connectionId: SANDBOX_COASSEMBLE_ID };
    const plan = await callOk(s, 'recipes.preflight', run);
    expect(plan.steps[0]!.counts).toMatchObject({ items: 6, wouldSend: 2, duplicate: 4 });
    expect(plan.confirmation).toBe('OVERWRITE 2 clients and OVERWRITE 6 users on Sandbox · Coassemble');
    // The sandbox does not need Coassemble's 100-per-minute pace.
    const job = await callOk(s, 'recipes.createJob', { ...run, options: { rateLimit: null } });
    const before = lastSeq(s);
    await callOk(s, 'jobs.start', { jobId: job.id, confirm: plan.confirmation! });
    const done = await s.runner.whenSettled(job.id);
    expect(done.state).toBe('completed');
    expect(done.counts).toMatchObject({ failed: 0, blocked: 0, succeeded: 2 + 6 + 9 });
    const sent = s.sandbox!.ledger.since(before);
    expect(
      sent
        .filter((e) => e.method === 'PUT' && e.path.includes('/client/'))
        .map((e) => e.path)
        .sort(),
    ).toEqual(['/api/v1/headless/client/acme-learning', '/api/v1/headless/client/globex-learning']);
    const page = await callOk(s, 'recipes.rows', { jobId: job.id, offset: 0, limit: 10 });
    const urls = page.items.flatMap((r) => r.steps[2]!.items.map((it) => it.captured?.['Signed URL'] ?? ''));
    expect(urls).toHaveLength(9);
    expect(urls.every((u) => /^https?:\/\//.test(u))).toBe(true);
    // A later row's client: not sent again, skipped as a repeat of the first row's.
    expect(page.items[1]!.steps[0]!.items[0]).toMatchObject({ status: 'skipped', skipReason: 'duplicate' });
  }, 60_000);

  it('the optional invitation can be switched off for a run; a required step cannot', async () => {
    const s = await temp.open({ sandbox: { seed: 33 } });
    const datasetId = seedDataset(
      s.db,
      ['Email', 'First name', 'Last name', 'Courses', 'Groups'],
      [['q@off.test', 'Q', 'Q', '', '']],
    );
    const run = { recipe: ONBOARD_LEARNERS, datasetId, connectionId: SANDBOX_COURSEPATH_ID };
    const job = await callOk(s, 'recipes.createJob', { ...run, skipSteps: ['invite'] });
    expect(job.recipe!.steps.map((st) => st.id)).toEqual(['member', 'courses', 'groups']);
    await callOk(s, 'jobs.start', { jobId: job.id });
    await s.runner.whenSettled(job.id);
    expect(s.sandbox!.ledger.entries().filter((e) => e.path.endsWith('/invite'))).toEqual([]);
    const r = await s.dispatch('recipes.createJob', { ...run, skipSteps: ['member'] });
    expect(r.ok ? null : r.error.message).toBe(
      'Step "Create member" is not optional: every row needs it. Only optional steps can be switched off.',
    );
    // A recipe missing a column the file lacks is refused before a job exists, naming step and column.
    const bare = seedDataset(s.db, ['Email'], [['x@off.test']]);
    const bad = await s.dispatch('recipes.createJob', { ...run, datasetId: bare });
    expect(bad.ok ? null : bad.error.message).toMatch(
      /^Step 1 "Create member", Name: Unknown placeholder \{First name\}: no column named "First name" \(and \d+ more problems\)$/,
    );
  }, 60_000);

  it('saves, lists, exports and imports recipes; built-ins cannot be replaced or deleted', async () => {
    const s = await temp.open({ sandbox: false });
    const mine: Recipe = {
      ...ONBOARD_LEARNERS,
      id: 'acme.onboard',
      name: 'Acme onboarding',
      steps: ONBOARD_LEARNERS.steps.slice(0, 2),
    };
    const saved = await callOk(s, 'recipes.save', { recipe: mine });
    expect(saved).toMatchObject({ builtIn: false, issues: [] });
    const list = await callOk(s, 'recipes.list', {});
    expect(list.map((r) => `${r.recipe.id}${r.builtIn ? '*' : ''}`)).toEqual([
      'coursepath.onboard*',
      'coursepath.offboard*',
      'coassemble.provision*',
      'acme.onboard',
    ]);
    const file = await callOk(s, 'recipes.export', { id: 'acme.onboard', format: 'yaml' });
    expect(file.fileName).toBe('acme.onboard.recipe.yaml');
    await callOk(s, 'recipes.delete', { id: 'acme.onboard' });
    const back = await callOk(s, 'recipes.import', { text: file.text, fileName: file.fileName });
    expect(back.recipe).toEqual(saved.recipe);
    expect((await callOk(s, 'recipes.get', { id: 'acme.onboard' })).recipe).toEqual(saved.recipe);

    const builtIn = await s.dispatch('recipes.save', { recipe: ONBOARD_LEARNERS });
    expect(builtIn.ok ? null : builtIn.error.message).toMatch(/built-in recipe and cannot be replaced/);
    const del = await s.dispatch('recipes.delete', { id: 'coursepath.onboard' });
    expect(del.ok ? null : del.error.code).toBe('CONFLICT');
    const broken = await s.dispatch('recipes.import', { text: 'id: [', fileName: 'x.yaml' });
    expect(broken.ok ? null : broken.error.message).toMatch(/^x\.yaml cannot be read: /);
    // An empty file (the app's import takes whatever file is picked) is named and said to be empty.
    const empty = await s.dispatch('recipes.import', { text: '', fileName: 'empty.yaml' });
    expect(empty.ok ? null : empty.error.message).toMatch(/^empty\.yaml is empty: /);
  });
});
