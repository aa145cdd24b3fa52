// `plans show` of a plan whose connection was written to after the plan read the LMS: the Plan screen says
// it is out of date (planStaleText.ts), and `--json` carries `sentSince`, but the text report said nothing
// and offered its send line as if the counts were the LMS now. It says so now, before the send line, and
// `run --plan` says it before sending.
// The CLI's router runs in this process (cliHere: the same runCli the bin calls, real services, a real data
// folder, the real keychain and a sandbox LMS started here).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src-main/sandbox/index';
import { tempDir } from '../../helpers/tempDir';
import { json, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

const col = (column: string) => ({ kind: 'column', column }) as const;

describe('plans show of a plan out of date', () => {
  const w = useCliWorld();

  /** A data folder, a sandbox academy, and a connection "Academy" to it. */
  async function academy() {
    const dir = (w.dir = tempDir()).path;
    const sandbox = (w.sandbox = await startSandbox({ seed: 21 }));
    const cp = sandbox.credentials.coursepath;
    const D = ['--data-dir', dir];
    const conn = json<{ id: string }>(
      await cliHere(
        [
          'connections',
          'add',
          '--api',
          'coursepath',
          '--name',
          'Academy',
          '--base-url',
          cp.baseUrl,
          '--email',
          cp.email,
          '--secret-stdin',
          '--json',
          ...D,
        ],
        cp.apiKey,
      ),
    );
    return { dir, sandbox, D, conn };
  }

  /**
   * `csv` imported as a dataset and planned with `fields` for `template`: the plan, and the `--dataset …
   * --mapping …` arguments that send the same rows from `run`.
   */
  async function planOf(
    a: { dir: string; D: string[]; conn: { id: string } },
    csv: string,
    fields: Record<string, ReturnType<typeof col>>,
    template: string,
  ) {
    const file = join(a.dir, 'rows.csv');
    writeFileSync(file, csv);
    const mapping = join(a.dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ fields }));
    const dataset = json<{ id: string }>(await cliHere(['import', file, '--json', ...a.D]));
    const spec = ['--dataset', dataset.id, '--connection', a.conn.id, '--template', template, '--mapping', mapping];
    const plan = json<{ id: string; counts: { create: number } }>(
      await cliHere(['plan', ...spec, '--json', ...a.D]),
    );
    return { plan, spec };
  }

  it('says rows were sent since it read the LMS, which job, and to plan again', async () => {
    const a = await academy();
    const { D } = a;
    const { plan, spec } = await planOf(
      a,
      'email,name\nana@northwind.example,Ana Lima\nbo@northwind.example,Bo Berg\n',
      { email: col('email'), name: col('name') },
      'coursepath.members.create',
    );
    expect(plan.counts.create).toBe(2);

    const current = await cliHere(['plans', 'show', plan.id, ...D]);
    expect(current.code).toBe(0);
    expect(current.stdout).not.toContain('Out of date');

    // The same rows sent from Run (here `run`) after the plan read the academy.
    const sent = await cliHere(['run', ...spec, '--canary', '0', ...D]);
    expect(sent.code).toBe(0);
    const shown = await cliHere(['plans', 'show', plan.id, ...D]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(
      /Out of date: 2 rows were sent to Academy since this plan read it \(job [0-9a-f]{8}\)\./,
    );
    expect(shown.stdout).toContain('plan again');
    // Said before the send line, not after it.
    expect(shown.stdout.indexOf('Out of date')).toBeLessThan(shown.stdout.indexOf('run --plan'));

    // Sent anyway from the CLI: it says so before anything goes, and each row's read before its write
    // keeps the two members the other job created from being created again.
    const run = await cliHere(['run', '--plan', plan.id, ...D]);
    expect(run.stderr).toMatch(/Out of date: 2 rows were sent to Academy since this plan read it/);
    expect(run.stderr).toMatch(/completed: 0 succeeded, 2 failed/);
    expect(run.stderr).toContain('was created in the LMS since the plan was made');
  });

  it('run --plan of a plan whose rows cannot be read again (a program) does not say they are', async () => {
    const a = await academy();
    const { sandbox, D } = a;
    const state = (await (await fetch(`${sandbox.url}/__sandbox/state`)).json()) as {
      coursepath: { programs: { id: number }[]; members: { id: number; role: string }[] };
    };
    const member = state.coursepath.members.find((m) => m.role === 'learner')!;
    const { plan, spec } = await planOf(
      a,
      `program,member\n${state.coursepath.programs[0]!.id},${member.id}\n`,
      { programId: col('program'), memberId: col('member') },
      'coursepath.programs.add',
    );
    expect(plan.counts.create).toBe(1);
    expect((await cliHere(['run', ...spec, '--canary', '0', ...D])).code).toBe(0);

    const run = await cliHere(['run', '--plan', plan.id, ...D]);
    expect(run.stderr).toMatch(/Out of date: 1 row was sent to Academy since this plan read it/);
    expect(run.stderr).not.toContain('each row is read again');
    expect(run.stderr).toContain(
      'its rows cannot be read again before they are written (the LMS documents no read of what they change), so a row changed since is sent as planned',
    );
  });
});
