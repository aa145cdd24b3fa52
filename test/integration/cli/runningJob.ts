// A `bulk-desk run` of a 40-row create-member job against the built-in sandbox, spawned as its own process
// (its own process group, as a terminal's: Ctrl+C reaches every process in it) and returned once it sends —
// for the tests that stop it from outside: a signal, or its output closed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, type useCliWorld } from './runCli';
import { spawnCli } from './spawnedCli';

/**
 * A `bulk-desk run` creating a member per address in `emails` against the built-in sandbox, spawned as its own
 * process and returned at once (before it writes anything); `dir` is its data folder.
 */
export async function spawnMemberRun(
  w: ReturnType<typeof useCliWorld>,
  emails: readonly string[],
  extra: string[] = [],
) {
  const dir = (w.dir = tempDir());
  const csv = join(dir.path, 'members.csv');
  writeFileSync(csv, 'email\n' + emails.join('\n') + '\n');
  const datasetId = json<{ id: string }>(await cli(['import', csv, '--json', '--data-dir', dir.path])).id;
  const map = join(dir.path, 'map.json');
  writeFileSync(map, JSON.stringify({ fields: { email: { kind: 'column', column: 'email' } } }));
  const run = spawnCli([
    'run',
    '--dataset',
    datasetId,
    '--connection',
    'sandbox-coursepath',
    '--template',
    'coursepath.members.create',
    '--mapping',
    map,
    '--data-dir',
    dir.path,
    '--with-sandbox',
    ...extra,
  ]);
  return { ...run, dir: dir.path };
}

/** A 40-row member run (spawnMemberRun), returned once it sends. */
export async function startRunningJob(w: ReturnType<typeof useCliWorld>, extra: string[]) {
  const emails = Array.from({ length: 40 }, (_, i) => `sig${i}@example.com`);
  const { child, out, said, exited, dir } = await spawnMemberRun(w, emails, extra);
  await said(/running \d+\/40/);
  return { child, out, exited, dir };
}
