// Whether two absolute paths name the same file as the platform's file system compares names. Windows
// (NTFS, as Bulk Desk's data folder is placed there) ignores case: "C:\Users\Ana" and "c:\users\ana" are one
// folder, and a path saved from one launch may come back with other capitals from another (a shortcut, a
// typed --data-dir, a drive letter). Elsewhere names are compared as written. Pure: the platform is passed.

/** True when `a` and `b` are the same path on `platform` (process.platform). */
export function samePath(a: string, b: string, platform: string): boolean {
  return platform === 'win32' ? a.toUpperCase() === b.toUpperCase() : a === b;
}
