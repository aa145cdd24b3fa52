// Whether two absolute paths name the same file as the platform's file system compares names. Windows
// (NTFS, as Bulk Desk's data folder is placed there) ignores case: "C:\Users\Ana" and "c:\users\ana" are one
// folder, and a path saved from one launch may come back with other capitals from another (a shortcut, a
// typed --data-dir, a drive letter). So does macOS's file system as macOS formats it (APFS, or HFS+, both
// case-insensitive unless chosen otherwise): folded there too, or a database's own keychain entries and
// pending records, its path come back in other capitals, looked like another's and were never removed. On
// a case-sensitive volume (chosen by hand, rare) two data folders whose paths differ only in case would
// count as one. Elsewhere (Linux) names are compared as written. Pure: the platform is passed.

/** True when `a` and `b` are the same path on `platform` (process.platform). */
export function samePath(a: string, b: string, platform: string): boolean {
  return platform === 'win32' || platform === 'darwin' ? a.toUpperCase() === b.toUpperCase() : a === b;
}
