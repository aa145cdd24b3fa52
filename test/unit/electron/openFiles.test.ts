// Spreadsheets opened with the app (double-click, "Open with", the dock icon, a second instance's command
// line, File → Open) become imports in the window. The Electron side (the window, its webContents.send) is
// replaced by a recorder; the grant registry is the real one, as the transport uses it.
import { describe, expect, it } from 'vitest';
import { createOpenFileInbox } from '../../../src-main/electron/openFileInbox';
import {
  isSpreadsheetPath,
  OpenFileQueue,
  spreadsheetPathsFromArgv,
} from '../../../src-main/electron/openFiles';
import { PathGrantRegistry } from '../../../src-main/electron/pathGrants';

describe('spreadsheets on a command line', () => {
  it('keeps .csv, .tsv and .xlsx in any case, resolved against the directory the command ran in', () => {
    expect(isSpreadsheetPath('a.CSV')).toBe(true);
    expect(isSpreadsheetPath('b.tsv')).toBe(true);
    expect(isSpreadsheetPath('c.xlsx')).toBe(true);
    expect(isSpreadsheetPath('d.xls')).toBe(false);
    expect(isSpreadsheetPath('csv')).toBe(false);
    expect(
      spreadsheetPathsFromArgv(
        ['/opt/Bulk Desk/bulk-desk', '--no-sandbox', 'users.csv', '/data/Enrol.XLSX', 'notes.txt', '-x.csv'],
        '/home/admin',
      ),
    ).toEqual(['/home/admin/users.csv', '/data/Enrol.XLSX']);
    // The executable itself is never taken for a file, whatever it is called.
    expect(spreadsheetPathsFromArgv(['/tmp/odd.csv'], '/')).toEqual([]);
  });
});

function world(existing: string[]) {
  const grants = new PathGrantRegistry();
  const sent: string[] = [];
  const log: string[] = [];
  let window: { id: number } | null = { id: 7 };
  const queue = new OpenFileQueue({
    isFile: (p) => existing.includes(p),
    deliver: (p) => {
      if (!window) return false;
      grants.grant(window.id, p, 'read');
      sent.push(p);
      return true;
    },
    log: (l) => log.push(l),
  });
  return {
    queue,
    grants,
    sent,
    log,
    closeWindow: () => (window = null),
    newWindow: (id: number) => (window = { id }),
  };
}

describe('OpenFileQueue', () => {
  it('holds files until the page has loaded, then grants and sends each once', () => {
    const w = world(['/d/users.csv', '/d/more.tsv']);
    w.queue.add(['/d/users.csv', '/d/more.tsv', '/d/users.csv']);
    expect(w.sent).toEqual([]); // the page is not listening yet
    w.queue.setReady(true);
    expect(w.sent).toEqual(['/d/users.csv', '/d/more.tsv']);
    expect(w.queue.waiting()).toEqual([]);
    // The window may read each file once, for reading only.
    const g = w.grants.forWindow(7);
    expect(g.take('/d/users.csv', 'write')).toBe(false);
    expect(g.take('/d/users.csv', 'read')).toBe(true);
    expect(g.take('/d/users.csv', 'read')).toBe(false);
    expect(w.grants.forWindow(8).take('/d/more.tsv', 'read')).toBe(false);
  });

  it('after loading, a file goes at once; with no window it waits for the next one', () => {
    const w = world(['/d/a.csv', '/d/b.csv']);
    w.queue.setReady(true);
    w.queue.add(['/d/a.csv']);
    expect(w.sent).toEqual(['/d/a.csv']);
    w.closeWindow();
    w.queue.add(['/d/b.csv']);
    expect(w.queue.waiting()).toEqual(['/d/b.csv']);
    w.queue.setReady(false);
    w.newWindow(9);
    w.queue.setReady(true);
    expect(w.sent).toEqual(['/d/a.csv', '/d/b.csv']);
    expect(w.grants.forWindow(9).take('/d/b.csv', 'read')).toBe(true);
  });

  it('refuses what is not a spreadsheet or not a file, and says which', () => {
    const w = world(['/d/report.pdf']);
    w.queue.setReady(true);
    w.queue.add(['/d/report.pdf', '/d/gone.csv']);
    expect(w.sent).toEqual([]);
    expect(w.log).toEqual([
      'open: not a spreadsheet Bulk Desk imports (.csv, .tsv, .xlsx): /d/report.pdf',
      'open: no such file: /d/gone.csv',
    ]);
  });
});

describe('the preload inbox', () => {
  it('keeps paths that came before the page listened, then hands each over once', () => {
    const inbox = createOpenFileInbox();
    inbox.receive('/d/early.csv');
    inbox.receive(42); // only main sends here, but only strings are taken
    const got: string[] = [];
    const stop = inbox.subscribe((p) => got.push(p));
    expect(got).toEqual(['/d/early.csv']);
    inbox.receive('/d/late.csv');
    expect(got).toEqual(['/d/early.csv', '/d/late.csv']);
    stop();
    inbox.receive('/d/after.csv');
    const again: string[] = [];
    inbox.subscribe((p) => again.push(p));
    expect(again).toEqual(['/d/after.csv']);
    expect(got).toHaveLength(2);
  });
});
