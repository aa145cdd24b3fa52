// A pending keychain record is settled only by the database file that recorded it (services/pendingSecrets.ts),
// its path compared with the one the database is opened at. On Windows the same folder may be written with
// other capitals (a shortcut, a typed path, a drive letter's case): that is the same file, and its records
// are its own to settle — compared case-sensitively, the entry a killed save left was never removed. The
// platform is injected; the database and the keychain are real.
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { databasePath, recordPendingSecret } from '../../../src-main/db/pendingSecrets';
import { removeOrphanedSecrets } from '../../../src-main/services/pendingSecrets';
import { tempDir } from '../../helpers/tempDir';
import { useKeychainFixture } from '../../helpers/keychainFixture';

const { accounts, keychain, dirs } = useKeychainFixture();

/** A killed save's leftover: an entry no row names, recorded with this database's path in other capitals. */
async function leftoverRecordedAs(path: (here: string) => string) {
  const dir = tempDir();
  dirs.push(dir);
  const s = await createServices({ dataDir: dir.path, sandbox: false });
  // Written as a save writes it, by the database at the path recorded with it (secretChange.ts).
  const recorded = path(databasePath(s.db));
  keychain.set('killed-save', { api: 'coursepath', apiKey: 'killed-save-secret', writtenBy: recorded });
  recordPendingSecret(s.db, 'killed-save', 'killed-save', 1);
  s.db.prepare('UPDATE pending_secrets SET db_path = ?').run(recorded);
  return s;
}

describe('settling pending keychain records, the database path in other capitals', () => {
  it('on Windows, the same file: the entry its killed save left is removed', async () => {
    const s = await leftoverRecordedAs((here) => here.toUpperCase());
    try {
      const lines: string[] = [];
      expect(removeOrphanedSecrets(s.db, keychain, (l) => lines.push(l), 2, 'win32')).toBe(1);
      expect(accounts()).not.toContain('connection:killed-save');
      expect(lines.join('\n')).not.toContain('copied or moved');
      expect(s.db.prepare('SELECT count(*) FROM pending_secrets').pluck().get()).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('on Linux, another file: the entry is left to it, and only the record is forgotten', async () => {
    const s = await leftoverRecordedAs((here) => here.toUpperCase());
    try {
      const lines: string[] = [];
      expect(removeOrphanedSecrets(s.db, keychain, (l) => lines.push(l), 2, 'linux')).toBe(0);
      expect(keychain.get('killed-save')).toMatchObject({ apiKey: 'killed-save-secret' });
      expect(lines.join('\n')).toContain('copied or moved');
      expect(s.db.prepare('SELECT count(*) FROM pending_secrets').pluck().get()).toBe(0);
    } finally {
      await s.close();
    }
  });
});
