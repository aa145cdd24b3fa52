// The window's size and place, remembered between runs in window-state.json in the data folder (a file
// beside the database rather than a table: it is the window's, read before the database opens, and losing
// it costs nothing). A saved place is used only if enough of it is still on a screen, so a window last
// seen on a monitor that has since been unplugged comes back where it can be reached.
// Plain TypeScript (no 'electron'), unit-tested; main.ts passes the real window and screens.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent: let the OS place it (centred). */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 900, height: 600 } as const;
/** How much of the saved window must overlap a screen's work area for its place to be kept. */
const MIN_VISIBLE = { width: 120, height: 60 } as const;
const SAVE_DELAY_MS = 500;

export const WINDOW_STATE_FILE = 'window-state.json';
export const windowStateFile = (dataDir: string) => join(dataDir, WINDOW_STATE_FILE);

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A saved state, or null when the text is missing, unreadable or not a state. */
export function parseWindowState(text: string | null): WindowState | null {
  if (!text) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (!isInt(o.width) || !isInt(o.height) || o.width <= 0 || o.height <= 0) return null;
  const placed = isInt(o.x) && isInt(o.y);
  return {
    ...(placed ? { x: Math.round(o.x as number), y: Math.round(o.y as number) } : {}),
    width: Math.round(o.width),
    height: Math.round(o.height),
    maximized: o.maximized === true,
  };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Where the window opens: the saved state fitted to today's screens (`workAreas`, each display's area
 * without taskbar or dock), or the default size centred.
 */
export function restoreWindowState(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  if (!saved) return { ...DEFAULT_SIZE, maximized: false };
  const largest = workAreas.reduce(
    (m, a) => ({ width: Math.max(m.width, a.width), height: Math.max(m.height, a.height) }),
    { width: 0, height: 0 },
  );
  const clamp = (v: number, min: number, max: number) => Math.max(min, max > 0 ? Math.min(v, max) : v);
  const width = clamp(saved.width, MIN_SIZE.width, largest.width);
  const height = clamp(saved.height, MIN_SIZE.height, largest.height);
  const state: WindowState = { width, height, maximized: saved.maximized };
  if (saved.x === undefined || saved.y === undefined) return state;
  const rect = { x: saved.x, y: saved.y, width, height };
  const visible = workAreas.some((a) => {
    const o = overlap(rect, a);
    return o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height;
  });
  // The title bar must be on a screen too, or the window cannot be dragged back.
  const titleBarVisible = workAreas.some((a) => saved.y! >= a.y && saved.y! < a.y + a.height);
  return visible && titleBarVisible ? { ...state, x: saved.x, y: saved.y } : state;
}

export function loadWindowState(file: string): WindowState | null {
  try {
    return parseWindowState(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Written to a temporary file and renamed over the old one, so a crash never leaves half a file. */
export function saveWindowState(file: string, state: WindowState): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

/** What trackWindowState needs of a BrowserWindow. */
export interface TrackedWindow {
  isMaximized(): boolean;
  isFullScreen(): boolean;
  isMinimized(): boolean;
  getBounds(): Rect;
  /** The bounds the window returns to when it is no longer maximized, minimized or full screen. */
  getNormalBounds(): Rect;
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown;
}

/** The state to save now: a maximized or minimized window keeps the size it returns to. */
export function captureWindowState(win: TrackedWindow): WindowState {
  const special = win.isMaximized() || win.isFullScreen() || win.isMinimized();
  const b = special ? win.getNormalBounds() : win.getBounds();
  return { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
}

/**
 * Saves the window's state shortly after it stops moving or resizing, and once more as it closes.
 * Returns the function that saves at once (for quitting) and stops the timer.
 */
export function trackWindowState(
  win: TrackedWindow,
  save: (state: WindowState) => void,
  timers: { set: typeof setTimeout; clear: typeof clearTimeout } = { set: setTimeout, clear: clearTimeout },
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const saveNow = () => {
    if (timer) timers.clear(timer);
    timer = null;
    try {
      save(captureWindowState(win));
    } catch {
      // A window state that cannot be written is not worth an error: next time opens at the default.
    }
  };
  const later = () => {
    if (timer) timers.clear(timer);
    timer = timers.set(saveNow, SAVE_DELAY_MS);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', saveNow);
  return saveNow;
}
