// `npm run serve`'s command line (src-main/serve/serveOptions.ts): --help, the defaults, and bad input
// refused before anything starts, with the option named.
import { describe, expect, it } from 'vitest';
import { parseServeArgs, SERVE_HELP, ServeUsageError } from '../../../src-main/serve/serveOptions';

describe('parseServeArgs', () => {
  it('answers --help and -h with the help, which names every option', () => {
    expect(parseServeArgs(['--help'])).toBe('help');
    expect(parseServeArgs(['-h', '--port', '4000'])).toBe('help');
    for (const flag of [
      '--port',
      '--data-dir',
      '--no-sandbox',
      '--sandbox-options',
      '--auto-resume',
      '--max-upload-bytes',
      '--sync-rate-limit',
    ])
      expect(SERVE_HELP).toContain(flag);
  });

  it('starts with the built-in sandbox on any free port by default', () => {
    expect(parseServeArgs([])).toEqual({
      port: 0,
      dataDir: undefined,
      sandbox: true,
      autoResume: false,
      maxUploadBytes: undefined,
      syncRateLimit: undefined,
    });
  });

  it('reads every option', () => {
    expect(
      parseServeArgs([
        '--port',
        '4010',
        '--data-dir',
        '/tmp/d',
        '--sandbox-options',
        '{"strictRepeats":true}',
        '--auto-resume',
        '--max-upload-bytes',
        '4096',
        '--sync-rate-limit',
        '100/1000',
      ]),
    ).toEqual({
      port: 4010,
      dataDir: '/tmp/d',
      sandbox: { strictRepeats: true },
      autoResume: true,
      maxUploadBytes: 4096,
      syncRateLimit: { requests: 100, windowMs: 1000 },
    });
    expect(parseServeArgs(['--no-sandbox', '--sandbox-options', '{}'])).toMatchObject({ sandbox: false });
  });

  it('refuses an unknown option, pointing at --help', () => {
    expect(() => parseServeArgs(['--sandbox'])).toThrow(ServeUsageError);
    expect(() => parseServeArgs(['--sandbox'])).toThrow(
      /Unknown option '--sandbox'.*--help lists the options/,
    );
  });

  it('refuses a port or size that is not a whole number, naming the option and the value', () => {
    expect(() => parseServeArgs(['--port', 'http'])).toThrow(
      '--port must be a whole number from 0 to 65,535, not "http"',
    );
    expect(() => parseServeArgs(['--port', '70000'])).toThrow(/--port must be a whole number/);
    expect(() => parseServeArgs(['--max-upload-bytes', '2GB'])).toThrow(
      /--max-upload-bytes must be a whole number .* not "2GB"/,
    );
  });

  it('refuses a sync rate limit that is not requests/milliseconds above 0, naming the option and the value', () => {
    for (const bad of ['100', '100/0', '0/1000', '100 a minute', '1.5/1000'])
      expect(() => parseServeArgs(['--sync-rate-limit', bad])).toThrow(
        `--sync-rate-limit must be requests/milliseconds, two whole numbers above 0 such as 100/60000, not "${bad}"`,
      );
  });

  it('refuses sandbox options that are not a JSON object', () => {
    expect(() => parseServeArgs(['--sandbox-options', '[1]'])).toThrow(
      /--sandbox-options must be a JSON object/,
    );
    expect(() => parseServeArgs(['--sandbox-options', '{strict'])).toThrow(ServeUsageError);
  });
});
