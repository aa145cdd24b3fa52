// Which of two saves of a working mapping is the newer, whichever lands last. A screen's saves can
// overtake each other: Map's whole save (a plain request, slow when the mapping is large) may land after
// the small page-leave patch sent after it (mappingPatch.ts). Each save names the version it started
// from (`base`: the stored `updatedAt` the screen last read or had answered; null, none) and when the
// screen made it (`madeAt`); each stored version's `updatedAt` is when the save that wrote it was made,
// one more than the last at least, so the versions only go up.

export interface SaveVersion {
  base: number | null;
  madeAt: number;
}

/**
 * Whether a save is older than what is stored (`storedAt`: its updatedAt; null, nothing stored): it did
 * not start from that version and was made before it was. A save that started from it has seen it; one
 * made after it is the newer (the page's own earlier save, landed first), and a patch is applied to it.
 */
export function staleSave(storedAt: number | null, save: SaveVersion): boolean {
  if (storedAt === null || save.base === storedAt) return false;
  return save.madeAt < storedAt;
}

/** The updatedAt a save stores: when it was made (else `now`), and always after the version it replaces. */
export function nextVersion(storedAt: number | null, madeAt: number | undefined, now: number): number {
  const at = madeAt ?? now;
  return storedAt === null ? at : Math.max(at, storedAt + 1);
}
