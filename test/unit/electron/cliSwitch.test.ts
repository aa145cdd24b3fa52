// `--cli` in the installed app (the RunAsNode fuse is off, so this is how the packaged CLI runs): only
// as the first argument, after the executable (and, unpackaged, the app path), with only Chromium
// switches before it.
import { describe, expect, it } from 'vitest';
import { cliArguments } from '../../../src-main/electron/cliSwitch';

const EXE = '/opt/Bulk Desk/bulk-desk';

describe('cliArguments', () => {
  it('installed: everything after --cli goes to the CLI', () => {
    expect(cliArguments([EXE, '--cli', 'jobs', 'list', '--json'], true)).toEqual(['jobs', 'list', '--json']);
    expect(cliArguments([EXE, '--cli'], true)).toEqual([]);
    // A Chromium switch may come first (e.g. to run without a display).
    expect(cliArguments([EXE, '--ozone-platform=headless', '--cli', '--help'], true)).toEqual(['--help']);
  });

  it('unpackaged (electron . --cli …): the app path comes first', () => {
    expect(cliArguments(['electron', '.', '--cli', 'templates', 'list'], false)).toEqual([
      'templates',
      'list',
    ]);
    expect(cliArguments(['electron', '--no-sandbox', 'out/main/index.js', '--cli'], false)).toEqual([]);
    expect(cliArguments(['electron', '.'], false)).toBeNull();
  });

  it('a normal launch, a double-clicked file or a later --cli is not the CLI', () => {
    expect(cliArguments([EXE], true)).toBeNull();
    expect(cliArguments([EXE, '/home/a/users.csv'], true)).toBeNull();
    expect(cliArguments([EXE, '/home/a/users.csv', '--cli'], true)).toBeNull();
    expect(cliArguments(['electron', 'out/main/index.js', '--user-data-dir=/tmp/x'], false)).toBeNull();
    // Running unpackaged, the app path is not the switch even when it is spelled like one.
    expect(cliArguments(['electron', '--cli'], false)).toBeNull();
  });
});
