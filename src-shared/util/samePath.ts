// Whether two absolute paths name the same file as the platform's file system compares names. Windows
// (NTFS, as Bulk Desk's data folder is placed there) ignores case: "C:\Users\Ana" and "c:\users\ana" are one
// folder, and a path saved from one launch may come back with other capitals from another (a shortcut, a
// typed --data-dir, a drive letter). So does macOS's file system as macOS formats it (APFS, or HFS+, both
// case-insensitive unless chosen otherwise): folded there too, or a database's own keychain entries and
// pending records, its path come back in other capitals, looked like another's and were never removed. On
// a case-sensitive volume (chosen by hand, rare) two data folders whose paths differ only in case would
// count as one. macOS's file systems also compare names normalization-insensitively: "é" composed (U+00E9)
// and decomposed (e + U+0301) name one file, and which one a path holds depends on where it was typed or
// read (the Finder, a terminal, a saved setting): compared in NFC there. Elsewhere (Linux's ext4, btrfs;
// Windows' NTFS) a name is the code points as written, so the two compositions are two files: not
// normalized there (Linux compares case as written too). Pure: the platform is passed.

/** True when `a` and `b` are the same path on `platform` (process.platform). */
export function samePath(a: string, b: string, platform: string): boolean {
  if (platform === 'darwin') return macName(a) === macName(b);
  return platform === 'win32' ? a.toUpperCase() === b.toUpperCase() : a === b;
}

/** A path as APFS and HFS+ compare it: case folded, then composed (an upper-cased "e" + U+0301 composes to "É"). */
function macName(p: string): string {
  return p.toUpperCase().normalize('NFC');
}
