// How short an id the CLI takes (cli/idPrefix.ts), apart so that help reads it without loading the
// database code: `--help` starts in tens of milliseconds.

/** Fewer characters than this are not read as the start of an id (a typo should not pick a record). */
export const MIN_ID_PREFIX = 4;

/** Said under `bulk-desk jobs`' help (and the datasets and plans groups', with their own noun). */
export const idPrefixHelp = (what: 'job' | 'dataset' | 'plan' | 'connection', example: string) =>
  `A <${what}-id> may be its first characters (at least ${MIN_ID_PREFIX}), as ${what === 'job' ? 'the app and messages show it' : `\`${what}s list\` shows it`}: "${example}".`;

/** Why an id shorter than MIN_ID_PREFIX that names nothing was not read as the start of one. */
export const shortIdWords = (what: 'job' | 'dataset' | 'plan' | 'connection', given: string) =>
  `"${given}" is too short for the start of a ${what} id: give at least ${MIN_ID_PREFIX} characters (see: bulk-desk ${what}s list).`;
