// `jobs in-doubt` of a row whose answer was cut off mid-body (the sandbox's `cut` fault: status, headers
// and half the body, then the socket closed): it says the status came and the answer was cut off after
// it — once, after the arrow — not "no answer", and not the same again on an "error" line (it was printed
// twice: the line's check for an error already said compared only its end).
// Each test's first command and every one that sends (run, resume, undo, sync) is the bin's own process;
// the imports, reads, exports and refusals around them run the same router in this process (cliHere).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src-main/sandbox/index';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

describe('bulk-desk jobs in-doubt: an answer cut off after its status', () => {
  const w = useCliWorld();

  it('says the status came and the answer was cut off, once', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 55, faults: 'cut:1' }));
    const cp = sandbox.credentials.coursepath;
    const D = ['--data-dir', dir.path];
    const conn = json<{ id: string }>(
      await cli(
        ['connections', 'add', '--api', 'coursepath', '--name', 'Acme', '--base-url', cp.baseUrl, '--email', cp.email, '--secret-stdin', '--json', ...D],
        { input: cp.apiKey },
      ),
    );
    const file = join(dir.path, 'members.csv');
    writeFileSync(file, 'email\ncut@example.com\n');
    const mapping = join(dir.path, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ fields: { email: { kind: 'column', column: 'email' } } }));
    const dataset = json<{ id: string }>(await cliHere(['import', file, '--json', ...D])).id;
    await cli(['run', '--dataset', dataset, '--connection', conn.id, '--template', 'coursepath.members.create', '--mapping', mapping, '--canary', '0', ...D]);
    const [job] = json<{ id: string }[]>(await cliHere(['jobs', 'list', '--json', ...D]));

    const r = await cliHere(['jobs', 'in-doubt', job!.id, ...D]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('→ HTTP 201 came back, but the answer was cut off after the status');
    expect(r.stdout).not.toMatch(/no answer:/);
    // The header says what is known of it too: it reached the LMS, which answered; not "whether it reached the
    // LMS is not known".
    expect(r.stdout).not.toMatch(/whether it reached the\s+LMS is not known/);
    expect(r.stdout).toMatch(
      /1 row is in doubt: its request to Acme reached the LMS, which answered HTTP 201, but the answer was cut off after the\s+status, so what the LMS did is not known in full\./,
    );
    // Said after the arrow, and not again on an "error" line (the note says what the lookup met).
    const row = r.stdout.split('\n').filter((l) => /^  (to send|error) /.test(l));
    expect(row.join('\n').match(/cut off after the status/g), r.stdout).toHaveLength(1);
  }, 60_000);
});
