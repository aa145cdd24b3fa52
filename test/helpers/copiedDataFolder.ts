// A data folder and a copy of it on disk (copyDataFolder.ts), the original's connection saved whole.
import { createServices } from '../../src-main/services';
import { callOk } from './callOk';
import { copyDataFolder } from './copyDataFolder';
import { tempDir } from './tempDir';

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
