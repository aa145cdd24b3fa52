// Whether two database paths name the same file, as the platform's file system compares names: pending
// keychain records are settled only by the database file that recorded them (services/pendingSecrets.ts),
// and on Windows "C:\Users\Ana\Bulk Desk" and "c:\users\ana\BULK DESK" are one folder, as on macOS
// "/Users/Ana/Bulk Desk" and "/users/ana/bulk desk" are.
import { describe, expect, it } from 'vitest';
import { samePath } from '../../../src-shared/util/samePath';

describe('samePath', () => {
  it('on Windows, folds case: the same folder written with other capitals is the same path', () => {
    expect(
      samePath('C:\\Users\\Ana\\Bulk Desk\\bulk-desk.db', 'c:\\users\\ana\\BULK DESK\\bulk-desk.db', 'win32'),
    ).toBe(true);
    expect(samePath('C:\\Users\\Ana\\Ärger\\db', 'C:\\Users\\Ana\\ärger\\db', 'win32')).toBe(true);
  });

  it('on Windows, another folder is still another path', () => {
    expect(
      samePath(
        'C:\\Users\\Ana\\Bulk Desk\\bulk-desk.db',
        'C:\\Users\\Ana\\Bulk Desk copy\\bulk-desk.db',
        'win32',
      ),
    ).toBe(false);
    expect(samePath('D:\\bulk-desk.db', 'C:\\bulk-desk.db', 'win32')).toBe(false);
  });

  it('on macOS, folds case: APFS and HFS+, as macOS formats them by default, ignore it', () => {
    expect(
      samePath(
        '/Users/ana/Library/Application Support/Bulk Desk/bulk-desk.db',
        '/users/ana/library/application support/BULK DESK/bulk-desk.db',
        'darwin',
      ),
    ).toBe(true);
    expect(
      samePath('/Users/ana/Bulk Desk/bulk-desk.db', '/Users/ana/Bulk Desk copy/bulk-desk.db', 'darwin'),
    ).toBe(false);
  });

  it('elsewhere, case tells two files apart, as the file system does', () => {
    expect(samePath('/home/ana/Bulk/bulk-desk.db', '/home/ana/bulk/bulk-desk.db', 'linux')).toBe(false);
    expect(samePath('/home/ana/bulk/bulk-desk.db', '/home/ana/bulk/bulk-desk.db', 'linux')).toBe(true);
  });
});
