// Plans of group membership (add to / remove from a group by name) against the sandbox's seeded academy
// (seed 7): the run reads again what the plan read — the group by its name, and whether the member is in
// it — and a row whose group or membership moved since the plan fails unsent, saying what changed and to
// plan again, undo on or off. Before, these plans' runs wrote on the plan's verdict whatever had happened:
// adding someone added meanwhile again, and adding to a group renamed since made a new group of the old
// name. The ledger is the witness of every write.
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import type { PlanDto } from '../../../src-shared/contract/api';
import type { Mapping } from '../../../src-shared/mapping/types';
import { confirmationPhrase } from '../../../src-shared/runner/confirmGuard';
import type { SandboxState } from '../../../src-main/sandbox/state/types';
import { SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const MAPPING: Mapping = {
  fields: {
    memberId: { kind: 'column', column: 'member' },
    name: { kind: 'column', column: 'group' },
  },
};
const SANDBOX = 'Sandbox · Coursepath';
const lastSeq = (s: Services) => s.sandbox!.ledger.entries().at(-1)?.seq ?? 0;

async function planOf(s: Services, templateId: string, rows: string[][]): Promise<PlanDto> {
  const datasetId = seedDataset(s.db, ['member', 'group'], rows);
  const started = await callOk(s, 'plans.create', {
    datasetId,
    connectionId: SANDBOX_COURSEPATH_ID,
    templateId,
    mapping: MAPPING,
  });
  const done = await s.plans.whenDone(started.id);
  if (done.state !== 'ready') throw new Error(`plan ${done.state}: ${done.error}`);
  return done;
}

/** A job of its own (no plan, undo off): someone else's change in the LMS between the plan and its run. */
async function meanwhile(s: Services, templateId: string, memberId: number, group: string): Promise<void> {
  const job = await callOk(s, 'jobs.create', {
    datasetId: seedDataset(s.db, ['member', 'group'], [[String(memberId), group]]),
    connectionId: SANDBOX_COURSEPATH_ID,
    templateId,
    mapping: MAPPING,
    options: { undo: false, canary: 0 },
  });
  const t = getTemplate(templateId)!;
  const confirm = confirmationPhrase(t, 1, SANDBOX);
  await callOk(s, 'jobs.start', { jobId: job.id, ...(confirm ? { confirm } : {}) });
  expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(1);
}

/** Runs the plan; its writes (method and path) and its failed rows' errors. */
async function run(s: Services, p: PlanDto, options: { undo?: boolean } = {}) {
  const job = await callOk(s, 'plans.run', { planId: p.id, options: { canary: 0, ...options } });
  const before = lastSeq(s);
  await callOk(s, 'jobs.start', { jobId: job.id, ...(p.confirmation ? { confirm: p.confirmation } : {}) });
  const done = await s.runner.whenSettled(job.id);
  const writes = s
    .sandbox!.ledger.since(before)
    .filter((e) => e.method !== 'GET')
    .map((e) => `${e.method} ${e.path}`);
  const failed = await callOk(s, 'jobs.items', { jobId: job.id, status: 'failed', offset: 0, limit: 10 });
  const sent = await callOk(s, 'jobs.items', { jobId: job.id, status: 'succeeded', offset: 0, limit: 10 });
  const attempts = sent.items.length
    ? await callOk(s, 'jobs.attempts', { jobId: job.id, itemId: sent.items[0]!.id })
    : [];
  return {
    counts: done.counts,
    writes,
    errors: failed.items.map((i) => [i.rowNumber, i.error]),
    /** The first row sent: its attempts (kind and path). */
    attempts: attempts.map((x) => [x.kind, x.url?.replace(/^https?:\/\/[^/]+/, '')]),
  };
}

describe('plans of groups: what moved in the LMS since the plan is not written', () => {
  const temp = useTempServices();

  for (const undo of [true, false])
    it(`add and remove: a membership made or removed since the plan fails unsent; the others are written (undo ${undo ? 'on' : 'off'})`, async () => {
      const s = await temp.open({ sandbox: { seed: 7 } });
      const state = await sandboxState(s.sandbox!.url);
      const group = state.coursepath.groups.find((g) => g.memberIds.length >= 2)!;
      const learners = state.coursepath.members.filter((m) => m.role === 'learner');
      const [outA, outB] = learners.filter((m) => !group.memberIds.includes(m.id));
      const [inA, inB] = learners.filter((m) => group.memberIds.includes(m.id));
      const add = await planOf(s, 'coursepath.groups.add', [
        [String(outA!.id), group.name],
        [String(outB!.id), group.name],
      ]);
      const remove = await planOf(s, 'coursepath.groups.remove', [
        [String(inA!.id), group.name],
        [String(inB!.id), group.name],
      ]);
      expect([add.counts.create, remove.counts.update]).toEqual([2, 2]);

      // Before the plans run, someone adds outA to the group and removes inA from it.
      await meanwhile(s, 'coursepath.groups.add', outA!.id, group.name);
      await meanwhile(s, 'coursepath.groups.remove', inA!.id, group.name);

      for (const [p, moved, kept, method, what] of [
        [add, outA!, outB!, 'POST', 'was created in the LMS'],
        [remove, inA!, inB!, 'DELETE', 'is no longer found in the LMS'],
      ] as const) {
        const r = await run(s, p, { undo });
        expect(r.writes).toEqual([`${method} /api/v1/members/${kept.id}/groups`]);
        expect(r.counts).toMatchObject({ succeeded: 1, failed: 1 });
        // Undo on: the state before is the member's groups as the LMS answered them just before the write.
        expect(r.attempts).toEqual([
          ...(undo ? [['prior', `/api/v1/members/${kept.id}/groups?limit=500`]] : []),
          ['send', expect.stringMatching(new RegExp(`^/api/v1/members/${kept.id}/groups(\\?|$)`))],
        ]);
        expect(r.errors).toEqual([
          [
            2,
            expect.stringMatching(
              new RegExp(
                `^Not sent: member ${moved.id} in group "${group.name}" ${what} since the plan was made at [^;]+; plan again\\.$`,
              ),
            ),
          ],
        ]);
      }
    });

  it('a group renamed since the plan: adding by its old name is not sent (it could make a new group of that name)', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const state = await sandboxState(s.sandbox!.url);
    const group = state.coursepath.groups[0]!;
    const [a, b] = state.coursepath.members.filter(
      (m) => m.role === 'learner' && !group.memberIds.includes(m.id),
    );
    const p = await planOf(s, 'coursepath.groups.add', [
      [String(a!.id), group.name],
      [String(b!.id), group.name],
    ]);
    expect(p.counts.create).toBe(2);

    // No API renames a group: an academy admin does it in Coursepath's own screens.
    const live = (s.sandbox as unknown as { state: SandboxState }).state.coursepath.groups.get(group.id)!;
    live.name = `${group.name} (old)`;

    const r = await run(s, p, { undo: false });
    expect(r.writes).toEqual([]);
    expect(r.counts).toMatchObject({ succeeded: 0, failed: 2 });
    expect(r.errors.map(([, e]) => e)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Not sent: group "${group.name}" \\(id ${group.id}\\) is no longer found in the LMS by its name since the plan was made at [^;]+; plan again\\.$`,
        ),
      ),
      expect.stringMatching(/is no longer found in the LMS by its name/),
    ]);
    const after = await sandboxState(s.sandbox!.url);
    expect(after.coursepath.groups.filter((g) => g.name.toLowerCase() === group.name.toLowerCase())).toEqual(
      [],
    );
  });
});
