// Which files each window may name in a call (see src-main/transport/callerContext.ts). A grant is made
// by main itself: when the admin picks a file in main's open/save dialog, or drops (or picks) a file in
// the window, whose path the preload reads from the File and hands to main. A grant belongs to one
// window, is used up by the call that names it, and lapses after a few minutes, so a path the renderer
// invents — or one granted long ago — opens nothing. Plain TypeScript (no 'electron'), unit-tested.
import { resolve } from 'node:path';
import type { PathGrants, PathMode } from '../transport/callerContext';

/** Long enough to choose import settings after a drop; short enough that a stale grant is useless. */
export const GRANT_TTL_MS = 10 * 60_000;

interface Grant {
  path: string;
  mode: PathMode;
  expiresAt: number;
}

export class PathGrantRegistry {
  private readonly byWindow = new Map<number, Grant[]>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs: number = GRANT_TTL_MS,
  ) {}

  /** Lets window `windowId` name `path` once, for `mode`, within the next GRANT_TTL_MS. */
  grant(windowId: number, path: string, mode: PathMode): void {
    const list = this.live(windowId);
    list.push({ path: resolve(path), mode, expiresAt: this.now() + this.ttlMs });
    this.byWindow.set(windowId, list);
  }

  /** What dispatch consults for a call from this window. */
  forWindow(windowId: number): PathGrants {
    return {
      take: (path, mode) => {
        const list = this.live(windowId);
        const wanted = resolve(path);
        const i = list.findIndex((g) => g.path === wanted && g.mode === mode);
        if (i < 0) return false;
        list.splice(i, 1);
        return true;
      },
    };
  }

  /** A closed window's grants go with it. */
  forget(windowId: number): void {
    this.byWindow.delete(windowId);
  }

  private live(windowId: number): Grant[] {
    const now = this.now();
    const list = (this.byWindow.get(windowId) ?? []).filter((g) => g.expiresAt > now);
    if (list.length) this.byWindow.set(windowId, list);
    else this.byWindow.delete(windowId);
    return list;
  }
}
