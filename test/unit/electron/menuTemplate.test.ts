// The application menu as data (main.ts builds it with Menu.buildFromTemplate; Electron's binary is not
// here, so the template itself is what is checked): the usual menus and shortcuts per platform.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate, OPEN_ACCELERATOR } from '../../../src-main/electron/menuTemplate';

const items = (m: MenuItemConstructorOptions) => m.submenu as MenuItemConstructorOptions[];
const roles = (m: MenuItemConstructorOptions) => items(m).map((i) => i.role ?? i.type ?? i.label);
const byLabel = (menus: MenuItemConstructorOptions[], label: string) =>
  menus.find((m) => m.label?.replace('&', '') === label)!;

describe('menuTemplate', () => {
  it('Windows and Linux: File, Edit, View, Window, Help with the usual roles', () => {
    const open = vi.fn();
    const menus = menuTemplate({
      platform: 'win32',
      appName: 'Bulk Desk',
      developer: false,
      openSpreadsheet: open,
    });
    expect(menus.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
    const file = items(byLabel(menus, 'File'));
    expect(file[0]).toMatchObject({ label: 'Open Spreadsheet…', accelerator: OPEN_ACCELERATOR });
    (file[0]!.click as () => void)();
    expect(open).toHaveBeenCalledOnce();
    expect(roles(byLabel(menus, 'File'))).toContain('quit');
    expect(roles(byLabel(menus, 'Edit'))).toEqual(
      expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']),
    );
    expect(roles(byLabel(menus, 'View'))).toEqual([
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'separator',
      'togglefullscreen',
    ]);
    expect(roles(byLabel(menus, 'Window'))).toEqual(['minimize', 'close']);
    expect(items(byLabel(menus, 'Help'))[0]).toMatchObject({ role: 'about', label: 'About Bulk Desk' });
  });

  it('macOS: the app menu first (about, hide, quit), Close in File, the window list role', () => {
    const menus = menuTemplate({
      platform: 'darwin',
      appName: 'Bulk Desk',
      developer: false,
      openSpreadsheet: () => {},
    });
    expect(menus.map((m) => m.label)).toEqual(['Bulk Desk', '&File', '&Edit', '&View', 'Window']);
    expect(roles(menus[0]!)).toEqual(expect.arrayContaining(['about', 'hide', 'hideOthers', 'quit']));
    expect(roles(byLabel(menus, 'File'))).toContain('close');
    expect(roles(byLabel(menus, 'File'))).not.toContain('quit');
    expect(roles(byLabel(menus, 'Edit'))).toContain('pasteAndMatchStyle');
    expect(byLabel(menus, 'Window').role).toBe('windowMenu');
  });

  it('reload and DevTools only when running from a checkout', () => {
    const view = (developer: boolean) =>
      roles(
        byLabel(
          menuTemplate({ platform: 'linux', appName: 'B', developer, openSpreadsheet: () => {} }),
          'View',
        ),
      );
    expect(view(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    expect(view(false)).not.toContain('toggleDevTools');
    expect(view(false)).not.toContain('reload');
  });
});
