// How short a job id the CLI takes (cli/jobIdPrefix.ts), apart so that help reads it without loading the
// database code: `--help` starts in tens of milliseconds.

/** Fewer characters than this are not read as the start of an id (a typo should not pick a job). */
export const MIN_JOB_PREFIX = 4;

/** Said under `bulk-desk jobs`' help. */
export const JOB_ID_HELP = `A <job-id> may be its first characters (at least ${MIN_JOB_PREFIX}), as the app and messages show it: "ab242269".`;
