// A job whose undo is still open is not undone again; the refusal names the way on, `jobs resume <undo>`.
// That undo was never started, so resuming it is a new decision to send, which asks for its phrase: the
// hint carries it (and the data folder), so pasting it as it is sends the undo's rows instead of exiting 2.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src-main/sandbox/index';
import { sandboxState } from '../../helpers/sandboxState';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, useCliWorld } from './runCli';

/** The words of a pasted command line, as a shell splits them (double-quoted arguments kept whole). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

describe('bulk-desk CLI: jobs undo while an earlier undo is open', () => {
  const w = useCliWorld();

  it('names `jobs resume <undo> --confirm "<phrase>"`, which, pasted, sends the undo', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 43 }));
    const cp = sandbox.credentials.coursepath;
    const D = ['--data-dir', dir.path];
    const conn = json<{ id: string }>(
      await cli(
        ['connections', 'add', '--api', 'coursepath', '--name', 'Acme', '--base-url', cp.baseUrl, '--email', cp.email, '--secret-stdin', '--json', ...D],
        { input: cp.apiKey },
      ),
    );
    const st = await sandboxState(sandbox.url);
    const course = st.coursepath.courses[1]!;
    const enrolled = new Set(st.coursepath.courseMembers.filter((m) => m.courseId === course.id).map((m) => m.memberId));
    const fresh = st.coursepath.members.filter((m) => m.role === 'learner' && !enrolled.has(m.id)).slice(0, 2);
    const file = join(dir.path, 'enrol.csv');
    writeFileSync(file, `course,member\n${fresh.map((m) => `${course.id},${m.id}`).join('\n')}\n`);
    const mapping = join(dir.path, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ fields: { courseId: { kind: 'column', column: 'course' }, memberId: { kind: 'column', column: 'member' } } }));
    const dataset = json<{ id: string }>(await cli(['import', file, '--json', ...D])).id;
    const run = await cli(['run', '--dataset', dataset, '--connection', conn.id, '--template', 'coursepath.courses.enrol', '--mapping', mapping, '--canary', '0', ...D]);
    expect(run.code, run.stderr).toBe(0);
    const jobId = run.stdout.trim();

    // The undo is made, not started.
    const made = await cli(['jobs', 'undo', jobId, ...D]);
    expect(made.code, made.stderr).toBe(0);
    const undoId = made.stdout.trim();

    const again = await cli(['jobs', 'undo', jobId, ...D]);
    expect(again.code).not.toBe(0);
    const hint = /\((bulk-desk jobs resume [^\n]*?)\) before undoing/.exec(again.stderr)?.[1];
    expect(hint, again.stderr).toBe(
      `bulk-desk jobs resume ${undoId.slice(0, 8)} --confirm "REMOVE 2 course enrolments on Acme" --data-dir ${dir.path}`,
    );

    const pasted = await cli(words(hint!).slice(1));
    expect(pasted.code, pasted.stderr).toBe(0);
    expect(pasted.stderr).toMatch(/completed: 2 succeeded, 0 failed/);
    expect(sandbox.ledger.entries().filter((e) => e.method === 'DELETE')).toHaveLength(2);
  }, 90_000);
});
