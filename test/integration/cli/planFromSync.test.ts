// `plan --from-sync` of a field the synced catalog does not keep (a member's first name): the row is an
// update all the same (not known counts as different, README), but its diff says the catalog does not
// have it rather than "(none)", which would read as the LMS holding no first name.
// Each test's first command and every one that sends (run, resume, undo, sync) is the bin's own process;
// the imports, reads, exports and refusals around them run the same router in this process (cliHere).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src-main/sandbox/index';
import { tempDir } from '../../helpers/tempDir';
import { addCoursepath, cli, json, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

describe('bulk-desk plan --from-sync', () => {
  const w = useCliWorld();

  it('says a field the synced catalog does not keep is not in it, in its text and its --json', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 21 }));
    const D = ['--data-dir', dir.path];
    const conn = await addCoursepath(sandbox.credentials.coursepath, dir.path, 'Academy');
    const csv = join(dir.path, 'one.csv');
    writeFileSync(csv, 'email,first_name\nsync4@example.com,First4\n');
    const mapping = join(dir.path, 'mapping.json');
    writeFileSync(
      mapping,
      JSON.stringify({ fields: { email: { kind: 'column', column: 'email' }, firstname: { kind: 'column', column: 'first_name' } } }),
    );
    const dataset = json<{ id: string }>(await cliHere(['import', csv, '--json', ...D])).id;
    const args = ['--dataset', dataset, '--connection', conn.id, '--template', 'coursepath.members.create', '--mapping', mapping];
    const made = await cli(['run', ...args, '--canary', '0', ...D]);
    expect(made.code, made.stderr).toBe(0);
    expect((await cli(['sync', 'run', '--connection', conn.id, ...D])).code).toBe(0);

    const text = await cliHere(['plan', ...args, '--from-sync', ...D]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('firstname: (not in the synced catalog) → First4');
    expect(text.stdout).not.toContain('(none)');

    const asJson = json<{ rows: { class: string; diff: unknown[] }[] }>(
      await cliHere(['plan', ...args, '--from-sync', '--json', ...D]),
    );
    expect(asJson.rows.map((r) => [r.class, r.diff])).toEqual([
      ['update', [{ field: 'firstname', old: null, new: 'First4', unknown: true }]],
    ]);
  }, 90_000);
});
