// A data folder copied on disk (a backup, a second profile): its database files, byte for byte, in another
// folder. The keychain is not copied with it, so both databases name the same entries.
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE } from '../../src-main/db/dataFiles';
import { createServices } from '../../src-main/services';
import { callOk } from './callOk';
import { tempDir } from './tempDir';

/** Copies the database files of data folder `from` (closed) into folder `to`. */
export function copyDataFolder(from: string, to: string): void {
  for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`])
    if (existsSync(join(from, f))) copyFileSync(join(from, f), join(to, f));
}

export const ACME = {
  name: 'Acme',
  baseUrl: 'https://acme.coursepath.com',
  identity: { api: 'coursepath' as const, email: 'admin@acme.example' },
};

/**
 * A data folder with connection ACME and its `secret`, saved whole, and a copy of its database files; both
 * folders are pushed on `dirs` (for the test to remove).
 */
export async function originalAndCopy(
  dirs: ReturnType<typeof tempDir>[],
  secret: string,
): Promise<{ original: string; copy: string; id: string }> {
  const original = tempDir();
  const copy = tempDir();
  dirs.push(original, copy);
  const s = await createServices({ dataDir: original.path, sandbox: false });
  const { id } = await callOk(s, 'connections.save', { ...ACME, secret });
  await s.close();
  copyDataFolder(original.path, copy.path);
  return { original: original.path, copy: copy.path, id };
}
