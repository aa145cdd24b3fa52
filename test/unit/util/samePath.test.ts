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

  it('on macOS, ignores Unicode normalization: APFS and HFS+ find "é" however it is composed', () => {
    // A folder named in the Finder or a terminal is often stored decomposed (e + U+0301), while a path typed
    // or saved elsewhere comes composed (U+00E9): the same folder on macOS, two byte strings.
    const composed = '/Users/ana/Données/Bulk Desk/bulk-desk.db'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(samePath(composed, decomposed, 'darwin')).toBe(true);
    expect(samePath(composed.toUpperCase(), decomposed, 'darwin')).toBe(true);
    expect(samePath(composed, composed.replace('é', 'e'), 'darwin')).toBe(false);
  });

  it('on Linux and Windows, two compositions of "é" are two names, as ext4 and NTFS store them', () => {
    const composed = '/home/ana/Données/bulk-desk.db'.normalize('NFC');
    expect(samePath(composed, composed.normalize('NFD'), 'linux')).toBe(false);
    const windows = 'C:\\Données\\db'.normalize('NFC');
    expect(samePath(windows, windows.normalize('NFD'), 'win32')).toBe(false);
  });

  it('elsewhere, case tells two files apart, as the file system does', () => {
    expect(samePath('/home/ana/Bulk/bulk-desk.db', '/home/ana/bulk/bulk-desk.db', 'linux')).toBe(false);
    expect(samePath('/home/ana/bulk/bulk-desk.db', '/home/ana/bulk/bulk-desk.db', 'linux')).toBe(true);
  });
});
