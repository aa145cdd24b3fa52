// The window's size and place between runs. The window is a recorder standing in for a BrowserWindow
// (Electron's binary is not here); the state file is a real file in a temporary folder.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  loadWindowState,
  MIN_SIZE,
  parseWindowState,
  restoreWindowState,
  saveWindowState,
  trackWindowState,
  windowStateFile,
  type Rect,
  type TrackedWindow,
} from '../../../src-main/electron/windowState';

const LAPTOP: Rect = { x: 0, y: 0, width: 1440, height: 875 };
const MONITOR: Rect = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('restoreWindowState', () => {
  it('first run: the default size, placed by the OS', () => {
    expect(restoreWindowState(null, [LAPTOP])).toEqual({ ...DEFAULT_SIZE, maximized: false });
  });

  it('keeps a saved place that is on a screen, with its size and maximized flag', () => {
    const saved = { x: 1600, y: 100, width: 1800, height: 1000, maximized: true };
    expect(restoreWindowState(saved, [LAPTOP, MONITOR])).toEqual(saved);
  });

  it('a window last seen on a monitor that is gone comes back where it can be reached', () => {
    const saved = { x: 1600, y: 100, width: 1800, height: 1000, maximized: false };
    // Size clamped to the largest screen left; no position, so the OS centres it.
    expect(restoreWindowState(saved, [LAPTOP])).toEqual({ width: 1440, height: 875, maximized: false });
    // Barely on screen (a sliver of 40 px) or with its title bar above every screen: not kept either.
    expect(restoreWindowState({ ...saved, x: 1400 }, [LAPTOP]).x).toBeUndefined();
    expect(
      restoreWindowState({ x: 100, y: -300, width: 1000, height: 800, maximized: false }, [LAPTOP]).x,
    ).toBeUndefined();
  });

  it('never smaller than the minimum', () => {
    const s = restoreWindowState({ x: 10, y: 10, width: 200, height: 100, maximized: false }, [LAPTOP]);
    expect(s).toEqual({ x: 10, y: 10, width: MIN_SIZE.width, height: MIN_SIZE.height, maximized: false });
  });
});

describe('the state file', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const folder = () => {
    const d = mkdtempSync(join(tmpdir(), 'bulk-desk-window-'));
    dirs.push(d);
    return d;
  };

  it('saves and loads; an unreadable or foreign file counts as none', () => {
    const file = windowStateFile(folder());
    expect(loadWindowState(file)).toBeNull(); // missing
    saveWindowState(file, { x: 5, y: 6, width: 1000, height: 700, maximized: true });
    expect(loadWindowState(file)).toEqual({ x: 5, y: 6, width: 1000, height: 700, maximized: true });
    writeFileSync(file, '{"width": "wide"}');
    expect(loadWindowState(file)).toBeNull();
    writeFileSync(file, 'not json');
    expect(loadWindowState(file)).toBeNull();
    expect(parseWindowState('{"width": 900, "height": 650}')).toEqual({
      width: 900,
      height: 650,
      maximized: false,
    });
  });

  it('saves shortly after the window stops moving, and at once when it closes', () => {
    const file = windowStateFile(folder());
    const on = new Map<string, () => void>();
    let bounds = { x: 10, y: 20, width: 1000, height: 700 };
    let maximized = false;
    const win: TrackedWindow = {
      isMaximized: () => maximized,
      isFullScreen: () => false,
      isMinimized: () => false,
      getBounds: () => (maximized ? { x: 0, y: 0, width: 1440, height: 875 } : bounds),
      getNormalBounds: () => bounds,
      on: (event, listener) => on.set(event, listener),
    };
    const timers: (() => void)[] = [];
    trackWindowState(win, (s) => saveWindowState(file, s), {
      set: ((fn: () => void) => timers.push(fn)) as unknown as typeof setTimeout,
      clear: (() => {}) as typeof clearTimeout,
    });
    bounds = { x: 30, y: 40, width: 1100, height: 720 };
    on.get('move')!();
    on.get('resize')!();
    expect(loadWindowState(file)).toBeNull(); // not yet: it is still moving
    timers.at(-1)!();
    expect(loadWindowState(file)).toEqual({ ...bounds, maximized: false });
    // Maximized: what is kept is the size it returns to, and the flag.
    maximized = true;
    on.get('close')!();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ ...bounds, maximized: true });
  });
});
