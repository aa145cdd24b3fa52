// Global options may go before the command, as `bulk-desk --help` says ("before or after the command"):
// every one of them, with its value — `--sandbox-options JSON` before `run` was "Unknown command".
import { describe, expect, it } from 'vitest';
import { leadingGlobals } from '../../../src-main/cli/cli';

describe('leadingGlobals', () => {
  it('takes each global option before the command, with its value, in both spellings', () => {
    expect(
      leadingGlobals([
        '--with-sandbox',
        '--sandbox-options',
        '{"seed":7}',
        '--data-dir',
        '/d',
        'run',
        '--auto',
      ]),
    ).toEqual({
      globals: ['--with-sandbox', '--sandbox-options', '{"seed":7}', '--data-dir', '/d'],
      rest: ['run', '--auto'],
    });
    expect(leadingGlobals(['--sandbox-options={"seed":7}', '--verbose', 'jobs', 'list'])).toEqual({
      globals: ['--sandbox-options={"seed":7}', '--verbose'],
      rest: ['jobs', 'list'],
    });
  });

  it('leaves the rest alone: the command, unknown flags, and a value-taking flag with no value', () => {
    expect(leadingGlobals(['--nope', 'run'])).toEqual({ globals: [], rest: ['--nope', 'run'] });
    expect(leadingGlobals(['--data-dir'])).toEqual({ globals: [], rest: ['--data-dir'] });
    expect(leadingGlobals(['--help'])).toEqual({ globals: [], rest: ['--help'] });
  });
});
