// Saves that wait a moment for more keystrokes (Map's working mapping, Run's options) must not be lost
// when the page goes before the moment is over: a reload, the tab or the window closed. Each store that
// waits registers what sends its waiting save; it is called when the page is hidden (`leaving` false:
// the page may live on, a plain call will do) and when it goes (`leaving` true, pagehide: the save goes
// by `callAsPageLeaves`, which outlives the page).
type Flush = (leaving: boolean) => void;

const flushes = new Set<Flush>();

/** Registers `flush` for as long as the page lives; the returned function removes it. */
export function whenPageLeaves(flush: Flush): () => void {
  flushes.add(flush);
  return () => flushes.delete(flush);
}

/** Sends every waiting save now (exported for tests; the page's own events call it). */
export function flushWaitingSaves(leaving: boolean): void {
  for (const f of [...flushes]) {
    try {
      f(leaving);
    } catch (e) {
      console.error('a waiting save could not be sent', e);
    }
  }
}

if (typeof window !== 'undefined' && typeof document !== 'undefined') {
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushWaitingSaves(false);
  });
  window.addEventListener('pagehide', () => flushWaitingSaves(true));
}
