// Files on this computer are read and written only when the admin chose them (issue 20, item 4). Real
// services (SQLite, keychain, sandbox) behind the real loopback transport, called as the browser UI
// calls it: `datasets.import {source:{kind:'path'}}` used to read ~/.bashrc and /etc/os-release and serve
// them back through datasets.rows; `jobs.export {path}` overwrote ~/.bashrc; `reports.export` wrote
// anywhere. Over the loopback, files now come in as uploads and leave as downloads; the same calls with
// an IPC caller need a grant (the grant registry with the IPC handlers: test/unit/electron/ipcTransport);
// the CLI keeps its paths.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../src-shared/contract/errors';
import { PathGrantRegistry } from '../../../src-main/electron/pathGrants';
import { SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { startLoopback, type LoopbackServer } from '../../../src-main/transport/loopback';
import { callOk } from '../../helpers/callOk';
import { tempDir } from '../../helpers/tempDir';
import { useTempServices } from '../../helpers/tempServices';

const BASHRC = '# ~/.bashrc\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG\n';

describe('file paths: only the files the admin chose', () => {
  const temp = useTempServices();
  let server: LoopbackServer | null = null;
  let home: ReturnType<typeof tempDir> | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
    home?.remove();
    home = null;
  });

  /** A stand-in home folder with a ~/.bashrc that must be neither read nor overwritten. */
  function fakeHome() {
    home = tempDir('bulk-desk-home-');
    const bashrc = join(home.path, '.bashrc');
    writeFileSync(bashrc, BASHRC);
    return { bashrc, dir: home.path };
  }

  async function serve(s: Services) {
    server = await startLoopback({
      dispatch: s.dispatch,
      events: s.events,
      staticDir: null,
      uploadDir: s.uploadDir,
    });
    const srv = server;
    const headers = { Authorization: `Bearer ${srv.token}` };
    return {
      api: async (method: string, input: unknown): Promise<Result<unknown>> =>
        (await (
          await fetch(`${srv.url}/api/${method}`, {
            method: 'POST',
            headers: { ...headers, 'Content-Type': 'application/json' },
            body: JSON.stringify({ input }),
          })
        ).json()) as Result<unknown>,
      upload: async (text: string): Promise<string> =>
        (
          (await (await fetch(`${srv.url}/upload`, { method: 'POST', headers, body: text })).json()) as {
            uploadId: string;
          }
        ).uploadId,
    };
  }

  it('over the loopback: no path is read or written; uploads and exports into the data folder still work', async () => {
    const s = await temp.open({ sandbox: { seed: 5 } });
    const { bashrc, dir } = fakeHome();
    const ui = await serve(s);

    for (const path of [bashrc, '/etc/os-release']) {
      const r = await ui.api('datasets.import', { source: { kind: 'path', path } });
      expect(r.ok, path).toBe(false);
      expect(!r.ok && r.error).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'source.path' } });
      expect(!r.ok && r.error.message).toMatch(/cannot open files by their path .* uploaded/);
    }
    expect(await callOk(s, 'datasets.list', {})).toEqual([]); // nothing of either file was stored

    // The browser UI's own way in: an upload.
    const uploadId = await ui.upload('email,first name\nann@example.com,Ann\nbob@example.com,Bob\n');
    const imported = await ui.api('datasets.import', {
      source: { kind: 'upload', uploadId },
      fileName: 'users.csv',
    });
    expect(imported.ok).toBe(true);
    const dataset = (imported as { value: { id: string } }).value;
    const job = await callOk(s, 'jobs.create', {
      datasetId: dataset.id,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: { fields: { email: { kind: 'column', column: 'email' } } },
    });

    const overwrite = await ui.api('jobs.export', { jobId: job.id, path: bashrc });
    expect(overwrite).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', details: { field: 'path' } },
    });
    expect(!overwrite.ok && overwrite.error.message).toMatch(/downloaded by the browser/);
    const anywhere = join(dir, 'report.csv');
    const report = await ui.api('reports.export', { report: { name: 'completionRate' }, path: anywhere });
    expect(report.ok).toBe(false);
    expect(readFileSync(bashrc, 'utf8')).toBe(BASHRC);
    expect(existsSync(anywhere)).toBe(false);

    // Without a path, an export goes to the data folder's exports/ (main's own place), as before.
    const own = await ui.api('jobs.export', { jobId: job.id });
    expect(own.ok).toBe(true);
    expect((own as { value: { path: string } }).value.path.startsWith(join(temp.dir, 'exports'))).toBe(true);
  });

  it('over IPC: a path needs a grant for this window and mode, used once; the CLI keeps its paths', async () => {
    const s = await temp.open({ sandbox: false });
    const { bashrc, dir } = fakeHome();
    const csv = join(dir, 'users.csv');
    writeFileSync(csv, 'email\nann@example.com\n');
    const registry = new PathGrantRegistry();
    const ipc = { kind: 'ipc' as const, grants: registry.forWindow(1) };

    const refused = await s.dispatch('datasets.import', { source: { kind: 'path', path: bashrc } }, ipc);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', details: { field: 'source.path' } },
    });
    expect(!refused.ok && refused.error.message).toMatch(/Choose the file again/);

    registry.grant(2, csv, 'read'); // another window's drop
    expect((await s.dispatch('datasets.import', { source: { kind: 'path', path: csv } }, ipc)).ok).toBe(
      false,
    );
    registry.grant(1, csv, 'read'); // dropped on this window
    const ok = await s.dispatch('datasets.import', { source: { kind: 'path', path: csv } }, ipc);
    expect(ok.ok).toBe(true);
    expect((await s.dispatch('datasets.import', { source: { kind: 'path', path: csv } }, ipc)).ok).toBe(
      false,
    );

    const out = join(dir, 'report.csv');
    registry.grant(1, out, 'read'); // a read grant does not let it write
    expect(
      (await s.dispatch('reports.export', { report: { name: 'completionRate' }, path: out }, ipc)).ok,
    ).toBe(false);
    registry.grant(1, out, 'write'); // chosen in main's save dialog
    const saved = await s.dispatch('reports.export', { report: { name: 'completionRate' }, path: out }, ipc);
    expect(saved).toMatchObject({ ok: true, value: { path: out } });
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(bashrc, 'utf8')).toBe(BASHRC);

    // In process (the CLI, whose admin typed the path): kept as given.
    const cli = await callOk(s, 'datasets.import', { source: { kind: 'path', path: csv } });
    expect(cli.rowCount).toBe(1);
  });
});
