// Plans of group membership (add to / remove from a group by name) against the sandbox's seeded academy
// (seed 7): the run reads again what the plan read — the group by its name, and whether the member is in
// it — and a row whose group or membership moved since the plan fails unsent, saying what changed and to
// plan again, undo on or off. Before, these plans' runs wrote on the plan's verdict whatever had happened:
// adding someone added meanwhile again, and adding to a group renamed since made a new group of the old
// name. The ledger is the witness of every write.
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../src-shared/mapping/types';
import type { SandboxState } from '../../../src-main/sandbox/state/types';
import { meanwhile, planOf, runPlan, type Sheet } from '../../helpers/planRuns';
import { sandboxState } from '../../helpers/sandboxState';
import { useTempServices } from '../../helpers/tempServices';

const MAPPING: Mapping = {
  fields: {
    memberId: { kind: 'column', column: 'member' },
    name: { kind: 'column', column: 'group' },
  },
};
const SHEET: Sheet = { columns: ['member', 'group'], mapping: MAPPING };

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
      const add = await planOf(s, 'coursepath.groups.add', SHEET, [
        [String(outA!.id), group.name],
        [String(outB!.id), group.name],
      ]);
      const remove = await planOf(s, 'coursepath.groups.remove', SHEET, [
        [String(inA!.id), group.name],
        [String(inB!.id), group.name],
      ]);
      expect([add.counts.create, remove.counts.update]).toEqual([2, 2]);

      // Before the plans run, someone adds outA to the group and removes inA from it.
      await meanwhile(s, 'coursepath.groups.add', SHEET, [String(outA!.id), group.name]);
      await meanwhile(s, 'coursepath.groups.remove', SHEET, [String(inA!.id), group.name]);

      for (const [p, moved, kept, method, what] of [
        [add, outA!, outB!, 'POST', 'was created in the LMS'],
        [remove, inA!, inB!, 'DELETE', 'is no longer found in the LMS'],
      ] as const) {
        const r = await runPlan(s, p, { undo });
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
    const p = await planOf(s, 'coursepath.groups.add', SHEET, [
      [String(a!.id), group.name],
      [String(b!.id), group.name],
    ]);
    expect(p.counts.create).toBe(2);

    // No API renames a group: an academy admin does it in Coursepath's own screens.
    const live = (s.sandbox as unknown as { state: SandboxState }).state.coursepath.groups.get(group.id)!;
    live.name = `${group.name} (old)`;

    const r = await runPlan(s, p, { undo: false });
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
