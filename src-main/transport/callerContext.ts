// Who is calling dispatch. Handlers still do not know the transport; what differs is which files on this
// computer a caller may name (issue 20, item 4: any path used to be read or written for anyone holding
// the page's token, or a compromised renderer). One check, in dispatch, applies it (pathGrantCheck.ts):
//   cli       the admin at a terminal, who types the paths: kept as given. In-process callers (tests,
//             benches) are this too.
//   loopback  the browser UI over HTTP: files come in as uploads (POST /upload) and go out as browser
//             downloads; no path is accepted.
//   ipc       the Electron window: only a path main granted to that window, because the admin picked it in
//             main's own open/save dialog or dropped it on the window (src-main/electron/pathGrants.ts).

export type PathMode = 'read' | 'write';

/** A window's grants: `take` answers whether `path` was granted for `mode`, and uses the grant up. */
export interface PathGrants {
  take(path: string, mode: PathMode): boolean;
}

export type CallerContext = { kind: 'cli' } | { kind: 'loopback' } | { kind: 'ipc'; grants: PathGrants };

export const CLI_CALLER: CallerContext = Object.freeze({ kind: 'cli' });
export const LOOPBACK_CALLER: CallerContext = Object.freeze({ kind: 'loopback' });
