// What a job may do, decided from its options, template(s) and pace (src-main/runner/jobPolicy.ts),
// with the catalog's real templates. The rule that matters most: rows are reserved ahead (marked
// `sending` before a slot frees, so a crash leaves them in doubt although they never left) only where
// the runner settles in-doubt rows by itself, and only for a job that parallel requests pace.
import { describe, expect, it } from 'vitest';
import type { JobOptions } from '../../../src-shared/contract/api';
import { getTemplate, resolveTemplate } from '../../../src-shared/connectors/catalog';
import type { Mapping } from '../../../src-shared/mapping/types';
import { jobPolicy, type JobPolicyInput } from '../../../src-main/runner/jobPolicy';

const template = (id: string) => getTemplate(id)!;
const UNPACED = { rateLimit: null, ratePerSecond: Infinity };
const policy = (id: string, options: JobOptions = {}, more: Partial<JobPolicyInput> = {}) =>
  jobPolicy({
    options,
    mapping: { fields: {} },
    template: template(id),
    steps: null,
    settings: UNPACED,
    ...more,
  });

describe('jobPolicy', () => {
  it('reserves ahead where a lookup settles rows in doubt (create member: looked up by email)', () => {
    const p = policy('coursepath.members.create');
    expect(p.mayReserve).toBe(true);
    expect([...p.reservableSteps]).toEqual(['coursepath.members.create']);
    expect(p.readBack).toBe('canary');
    expect(p.maxAttempts).toBe(5);
    expect(p.timeoutMs).toBe(30_000);
    expect(p.batch).toBeNull();
  });

  it('never reserves ahead where a row in doubt would need the admin (an invitation: a second one is a second email)', () => {
    for (const id of [
      'coursepath.members.invite',
      'coassemble.courses.signedUrl',
      'coassemble.courses.duplicate',
    ]) {
      const p = policy(id);
      expect(p.mayReserve, id).toBe(false);
      expect(p.reservableSteps.size, id).toBe(0);
    }
  });

  it('does not reserve ahead for a job paced by a window or a rate, nor for a dry run', () => {
    expect(
      policy(
        'coursepath.members.create',
        {},
        { settings: { rateLimit: { requests: 100, windowMs: 60_000 }, ratePerSecond: 100 / 60 } },
      ).mayReserve,
    ).toBe(false);
    expect(
      policy('coursepath.members.create', {}, { settings: { rateLimit: null, ratePerSecond: 5 } }).mayReserve,
    ).toBe(false);
    const dry = policy('coursepath.members.create', { dryRun: true });
    expect(dry.mayReserve).toBe(false);
    expect(dry.readBack).toBe('off'); // nothing is written, so nothing is read back
  });

  it('reads back what the admin asked, where the template can be read back at all', () => {
    expect(policy('coursepath.courses.enrol', { readBack: 'all' }).readBack).toBe('all');
    expect(policy('coursepath.courses.enrol', { readBack: 'off' }).readBack).toBe('off');
    // Program membership has no public read: off whatever was asked.
    expect(policy('coursepath.programs.add', { readBack: 'all' }).readBack).toBe('off');
  });

  it("takes the job's attempts and timeout when given", () => {
    const p = policy('coursepath.members.update', { maxAttempts: 2, timeoutMs: 5_000 });
    expect([p.maxAttempts, p.timeoutMs]).toEqual([2, 5_000]);
  });

  it("sends a manual template's rows in batches and then never reserves ahead", () => {
    const mapping: Mapping = {
      fields: {},
      manual: {
        method: 'PUT',
        url: '/api/v1/headless/records',
        batch: { size: 100, grouping: { kind: 'sequential' } },
      },
    };
    const manual = resolveTemplate('coassemble.manual', mapping, ['email', 'name'])!;
    const p = jobPolicy({ options: {}, mapping, template: manual, steps: null, settings: UNPACED });
    expect(p.batch).toEqual({ size: 100, grouping: { kind: 'sequential' } });
    expect(p.mayReserve).toBe(false);
  });

  it('a recipe: reserves per step, only the steps whose rows in doubt settle themselves; reads back if any step can', () => {
    const steps = [template('coursepath.members.create'), template('coursepath.members.invite')];
    const p = policy('coursepath.members.create', {}, { steps: { readBack: true, templates: steps } });
    expect([...p.reservableSteps]).toEqual(['coursepath.members.create']);
    expect(p.mayReserve).toBe(true);
    expect(p.readBack).toBe('canary');
    const none = policy(
      'coursepath.members.invite',
      {},
      { steps: { readBack: false, templates: [steps[1]!] } },
    );
    expect(none.mayReserve).toBe(false);
    expect(none.readBack).toBe('off');
  });
});
