// The commands the CLI suggests carry the --data-dir of a folder other than the default, so a pasted
// hint reaches the folder the admin was working in (issue 20 audit).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliCommand, defaultDataDir } from '../../../src-main/services/dataDir';

describe('cliCommand', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.BULKDESK_DATA_DIR;
    process.env.BULKDESK_DATA_DIR = '/home/admin/.config/bulk-desk';
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.BULKDESK_DATA_DIR;
    else process.env.BULKDESK_DATA_DIR = saved;
  });

  it('leaves --data-dir out for the default folder (the command reaches it by itself)', () => {
    expect(cliCommand('jobs in-doubt J1', defaultDataDir())).toBe('bulk-desk jobs in-doubt J1');
  });

  it('adds --data-dir for another folder, quoted for the shell when it needs to be', () => {
    expect(cliCommand('data restore-backup', '/srv/bulk desk/it’s')).toBe(
      `bulk-desk data restore-backup --data-dir '/srv/bulk desk/it’s'`,
    );
    expect(cliCommand('jobs resume J1', "/tmp/o'brien")).toBe(
      `bulk-desk jobs resume J1 --data-dir '/tmp/o'\\''brien'`,
    );
    expect(cliCommand('jobs resume J1', '/tmp/bulk-desk-test-x3WKzC')).toBe(
      'bulk-desk jobs resume J1 --data-dir /tmp/bulk-desk-test-x3WKzC',
    );
  });
});
