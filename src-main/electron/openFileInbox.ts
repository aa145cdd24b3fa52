// The preload's side of a spreadsheet opened from the OS (openFiles.ts): main may send the path before the
// page has subscribed (the app was started by double-clicking the file), so paths wait here until the
// renderer listens, and each is handed over once. Plain TypeScript, bundled into the preload, unit-tested.

export interface OpenFileInbox {
  /** A path from main (anything else is ignored). */
  receive(path: unknown): void;
  /** The renderer's listener: gets what waited, then each new path; the returned function stops it. */
  subscribe(listener: (path: string) => void): () => void;
}

export function createOpenFileInbox(): OpenFileInbox {
  const waiting: string[] = [];
  let listener: ((path: string) => void) | null = null;
  return {
    receive(path) {
      if (typeof path !== 'string' || path.length === 0 || path.length > 4096) return;
      if (listener) listener(path);
      else waiting.push(path);
    },
    subscribe(l) {
      if (typeof l !== 'function') throw new TypeError('onOpenFile needs a function');
      listener = l;
      for (const path of waiting.splice(0)) l(path);
      return () => {
        if (listener === l) listener = null;
      };
    },
  };
}
