// The application menu, as data: File (open a spreadsheet, close, quit), Edit, View, Window and Help with
// each platform's usual items and shortcuts. Roles carry Electron's own accelerators (Ctrl/Cmd+Z, C, V,
// A, W, Q, M, 0, +, −, F11 / Ctrl+Cmd+F) and their native behaviour. Developer items (reload, DevTools)
// only in an unpackaged run. Pure (the 'electron' import is only a type), unit-tested; main.ts builds it.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  /** Running from a checkout (electron-vite dev, `npm start`) rather than installed. */
  developer: boolean;
  /** File → Open Spreadsheet…: main's own open dialog, then an import (openFiles.ts). */
  openSpreadsheet: () => void;
}

export const OPEN_ACCELERATOR = 'CmdOrCtrl+O';

export function menuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const mac = o.platform === 'darwin';
  const sep: MenuItemConstructorOptions = { type: 'separator' };
  const menus: MenuItemConstructorOptions[] = [];
  if (mac) {
    menus.push({
      label: o.appName,
      submenu: [
        { role: 'about' },
        sep,
        { role: 'services' },
        sep,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        sep,
        { role: 'quit' },
      ],
    });
  }
  menus.push({
    label: '&File',
    submenu: [
      { label: 'Open Spreadsheet…', accelerator: OPEN_ACCELERATOR, click: () => o.openSpreadsheet() },
      sep,
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  menus.push({
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      sep,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      sep,
      { role: 'selectAll' },
    ],
  });
  menus.push({
    label: '&View',
    submenu: [
      ...(o.developer
        ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, sep] as const)
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      sep,
      { role: 'togglefullscreen' },
    ],
  });
  menus.push(
    mac
      ? // The role lets macOS list the open windows here.
        {
          label: 'Window',
          role: 'windowMenu',
          submenu: [{ role: 'minimize' }, { role: 'zoom' }, sep, { role: 'front' }],
        }
      : { label: '&Window', submenu: [{ role: 'minimize' }, { role: 'close' }] },
  );
  // macOS has About in the app menu; elsewhere it lives under Help.
  if (!mac) menus.push({ label: '&Help', submenu: [{ role: 'about', label: `About ${o.appName}` }] });
  return menus;
}
