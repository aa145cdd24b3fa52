// The CLI uses the working mapping the app keeps (issue 16): the Map screen saves it per dataset and
// template in the data folder's SQLite; `mappings show` prints it, and `run` without --mapping or --auto
// sends with it — transforms included. --mapping FILE and --auto keep working as before.
// Each test's first command and every one that sends (run, resume, undo, sync) is the bin's own process;
// the imports, reads, exports and refusals around them run the same router in this process (cliHere).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { startSandbox } from '../../../src-main/sandbox/index';
import type { Mapping } from '../../../src-shared/mapping/types';
import { callOk } from '../../helpers/callOk';
import { tempDir } from '../../helpers/tempDir';
import { cli, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

const working: Mapping = {
  fields: {
    email: { kind: 'column', column: 'Email' },
    name: { kind: 'column', column: 'Name', transforms: [{ kind: 'regexReplace', pattern: '\\s+', flags: 'g', replacement: ' ' }] },
    department: {
      kind: 'column',
      column: 'Team',
      transforms: [{ kind: 'conditional', test: 'empty', value: '', then: 'Unassigned', otherwise: null }],
    },
  },
};

describe('bulk-desk and the working mapping', () => {
  const w = useCliWorld();

  it('mappings show prints it; run sends with it when neither --mapping nor --auto is given', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 3 }));
    const D = ['--data-dir', dir.path];
    const file = join(dir.path, 'hires.csv');
    writeFileSync(file, 'Email,Name,Team\nwm.one@example.com,Ann   Lee,Sales\nwm.two@example.com,Bo  Kim,\n');

    // What the app does as the admin maps: the same data folder, the same contract.
    const s = (w.services = await createServices({ dataDir: dir.path, sandbox: false }));
    const cp = sandbox.credentials.coursepath;
    const conn = await callOk(s, 'connections.save', {
      name: 'Academy',
      baseUrl: cp.baseUrl,
      identity: { api: 'coursepath', email: cp.email },
      secret: cp.apiKey,
    });
    const dataset = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
    const T = 'coursepath.members.create';
    await callOk(s, 'mappings.saveWorking', { datasetId: dataset.id, templateId: T, connectionId: conn.id, mapping: working });
    await s.close();
    w.services = null;

    const shown = await cli(['mappings', 'show', '--dataset', dataset.id, '--template', T, ...D]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual(working);
    expect(shown.stderr).toMatch(new RegExp(`Working mapping of dataset ${dataset.id}, ${T}, connection ${conn.id}, saved `));

    const none = await cliHere(['mappings', 'show', '--dataset', dataset.id, '--template', 'coursepath.members.update', ...D]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/No working mapping for dataset .* and template coursepath\.members\.update: map it in the app first/);

    const before = sandbox.ledger.entries().length;
    const run = await cli(['run', '--dataset', dataset.id, '--connection', conn.id, '--template', T, '--canary', '0', '--json', ...D]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Using the working mapping of dataset .* and coursepath\.members\.create \(see: bulk-desk mappings show --data-dir [^)]+\)/);
    const posts = sandbox.ledger.since(sandbox.ledger.entries()[before - 1]?.seq ?? 0).filter((e) => e.method === 'POST');
    expect(posts.map((e) => e.body)).toEqual([
      { email: 'wm.one@example.com', name: 'Ann Lee', department: 'Sales' },
      { email: 'wm.two@example.com', name: 'Bo Kim', department: 'Unassigned' },
    ]);

    // No working mapping for that template: said, nothing sent; --auto still auto-matches as before.
    const missing = await cli(['run', '--dataset', dataset.id, '--connection', conn.id, '--template', 'coursepath.members.invite', ...D]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no working mapping for dataset .* and template coursepath\.members\.invite yet: map it in the app, or pass --mapping <file\.json> or --auto/);
    const auto = await cliHere(['mappings', 'check', '--dataset', dataset.id, '--connection', conn.id, '--template', T, '--auto', ...D]);
    expect(auto.stderr).toMatch(/Auto-matched: email ← Email/);
    // A form body is listed as its decoded fields, as the app's request panel shows it; auto-match has no
    // transforms: the cell as it is.
    expect(auto.stdout).toContain('  Body (form fields, decoded):\n    email: wm.one@example.com\n    name: Ann   Lee\n');
    expect(auto.stdout).not.toContain('name=Ann');
    const asJson = await cliHere(['mappings', 'check', '--dataset', dataset.id, '--connection', conn.id, '--template', T, '--auto', '--json', ...D]);
    expect(JSON.parse(asJson.stdout)[0].body).toBe('email=wm.one%40example.com&name=Ann+++Lee&department=Sales'); // --json: the bytes sent

    const help = await cli(['run', '--help']);
    expect(help.stdout).toMatch(/Without --mapping or --auto, the working mapping the app keeps/);
  });
});
