// Hints stored in words (a job's stop reason, its events, a row's error) name `bulk-desk …` commands
// without the data folder they were made in; shown by the CLI for another folder, each gets its
// --data-dir, so a pasted command reaches the database the admin is looking at (audit of issue 13).
import { describe, expect, it } from 'vitest';
import { withDataDir } from '../../../src-shared/util/cliHints';

const FLAG = '--data-dir /srv/desk';

describe('withDataDir', () => {
  it('adds the flag to each command in parentheses, backticks or double quotes', () => {
    expect(withDataDir('look at them (bulk-desk jobs in-doubt J1) before sending them again.', FLAG)).toBe(
      'look at them (bulk-desk jobs in-doubt J1 --data-dir /srv/desk) before sending them again.',
    );
    expect(withDataDir('run `bulk-desk jobs in-doubt 12`, then `bulk-desk jobs resume 12`.', FLAG)).toBe(
      'run `bulk-desk jobs in-doubt 12 --data-dir /srv/desk`, then `bulk-desk jobs resume 12 --data-dir /srv/desk`.',
    );
    expect(withDataDir('run "bulk-desk data restore-backup" to put it back', FLAG)).toBe(
      'run "bulk-desk data restore-backup --data-dir /srv/desk" to put it back',
    );
    // A command that ends a parenthesis it does not open ("History, or bulk-desk …").
    expect(withDataDir('settle it first (History, or bulk-desk jobs in-doubt), then undo again', FLAG)).toBe(
      'settle it first (History, or bulk-desk jobs in-doubt --data-dir /srv/desk), then undo again',
    );
  });

  it('adds the flag after a quoted argument of a command in parentheses (a --confirm phrase)', () => {
    const text = 'send them (bulk-desk jobs resume J1 --confirm "REMOVE 2 course enrolments on Acme (test)") first';
    const once = withDataDir(text, FLAG);
    expect(once).toBe(
      'send them (bulk-desk jobs resume J1 --confirm "REMOVE 2 course enrolments on Acme (test)" --data-dir /srv/desk) first',
    );
    expect(withDataDir(once, FLAG)).toBe(once);
  });

  it('leaves the text alone for the default folder, and commands that already name a folder', () => {
    const text = 'look at them (bulk-desk jobs in-doubt J1) first';
    expect(withDataDir(text, null)).toBe(text);
    const named = 'Resume with: `bulk-desk jobs resume J1 --data-dir /other`';
    expect(withDataDir(named, FLAG)).toBe(named);
    expect(withDataDir(withDataDir(text, FLAG), FLAG)).toBe(withDataDir(text, FLAG));
  });

  it('never touches what is not a command: file names, "Bulk Desk", a quoted argument it cannot place', () => {
    const text =
      'The database /x/bulk-desk.sqlite is damaged; Bulk Desk keeps bulk-desk.backup.sqlite. ' +
      '`bulk-desk jobs undo J1 --confirm "REMOVE 3 enrolments on Acme"`';
    expect(withDataDir(text, FLAG)).toBe(text);
  });
});
