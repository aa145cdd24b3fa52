// A data folder made ready in this process (services opened once on it, the way the app opens them) for CLI
// tests whose promise starts after the set-up: a saved Coursepath connection (its secret in the worker's
// keychain under `connection:<id>`, as `connections add` keeps it) and imported files. It spares the
// seconds each `bulk-desk connections add` / `import` process takes to start; the commands under test
// still run as the real bin. `connections add` and `import` themselves are checked as processes in
// cli.test.ts, connectionsEdit.test.ts and datasets.test.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from '../../../src-main/sandbox/index';
import { createServices } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';

/** A Coursepath connection to `sandbox`: its key unless `secret` is given, its admin unless `email` is. */
export interface SandboxConnection {
  sandbox: Sandbox;
  name: string;
  secret?: string;
  email?: string;
}

export interface PreparedFolder {
  /** The saved connections' ids (`connections add --json`'s `id`), in their order. */
  connectionIds: string[];
  /** The dataset ids of `files`, in their order. */
  datasetIds: string[];
}

/**
 * Opens services on `dataDir`, saves each of `connections`, writes each of `files` (name → text) into the
 * folder and imports it, then closes. Call once per folder: each open of an existing folder also checks and
 * backs up its database.
 */
export async function preparedFolder(
  dataDir: string,
  opts: {
    connections?: SandboxConnection[];
    files?: Record<string, string>;
  },
): Promise<PreparedFolder> {
  const s = await createServices({ dataDir, sandbox: false });
  try {
    const connectionIds: string[] = [];
    for (const c of opts.connections ?? []) {
      const cp = c.sandbox.credentials.coursepath;
      const saved = await callOk(s, 'connections.save', {
        name: c.name,
        baseUrl: cp.baseUrl,
        identity: { api: 'coursepath', email: c.email ?? cp.email },
        secret: c.secret ?? cp.apiKey,
      });
      connectionIds.push(saved.id);
    }
    const datasetIds: string[] = [];
    for (const [name, text] of Object.entries(opts.files ?? {})) {
      const path = join(dataDir, name);
      writeFileSync(path, text);
      datasetIds.push((await callOk(s, 'datasets.import', { source: { kind: 'path', path } })).id);
    }
    return { connectionIds, datasetIds };
  } finally {
    await s.close();
  }
}
