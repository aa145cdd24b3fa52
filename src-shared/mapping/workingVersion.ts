// Which of two saves of a working mapping is the newer, whichever lands last. A screen's saves can
// overtake each other: Map's whole save (a plain request, slow when the mapping is large) may land after
// the small page-leave patch sent after it (mappingPatch.ts). The order is never read from two clocks
// (the renderer's and main's need not agree): main alone numbers the stored versions (`updatedAt`, its
// clock, one more than the last at least, so they only go up), and a save names the version it started
// from (`base`: the stored `updatedAt` the screen last read or had answered; null, none) and which save of
// which page it is (`madeBy`: a page's own count orders its own saves, on no clock).

/** Which page made a save (an id it draws as it loads) and its number among that page's saves. */
export interface MadeBy {
  page: string;
  seq: number;
}

export interface SaveVersion extends MadeBy {
  base: number | null;
}

/** The stored version, and the save that wrote it where main still knows (null: not a page's, or forgotten). */
export interface StoredVersion {
  updatedAt: number;
  madeBy: MadeBy | null;
}

/**
 * Whether a save is older than what is stored (null: nothing stored). A save that started from the stored
 * version has seen it; over the same page's earlier save (landed first) it is the newer, and a patch is
 * applied to it; the same save sent again as the page went is not older than itself. Anything else
 * changed what is stored after this page last read it — another window, or this page's own later save
 * landed first — and the stored one stays.
 */
export function staleSave(stored: StoredVersion | null, save: SaveVersion): boolean {
  if (stored === null || save.base === stored.updatedAt) return false;
  if (stored.madeBy?.page === save.page) return stored.madeBy.seq > save.seq;
  return true;
}

/** The updatedAt a save stores: main's `now`, and always after the version it replaces. */
export function nextVersion(storedAt: number | null, now: number): number {
  return storedAt === null ? now : Math.max(now, storedAt + 1);
}
