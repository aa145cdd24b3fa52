// Which file holds each CLI command, so that a start loads only the command it runs: a command group's
// file imports its command's code (the services' helpers, the exporters, the recipe reader…), hundreds of
// kilobytes `bulk-desk --help` never needs. The router (cli.ts) finds a command's words here and loads its
// file then; the top help is printed from here alone. test/unit/cli/commandIndex.test.ts checks that
// every file's commands are the words listed for it, in order.
import type { Command } from './commandKit';

export interface CommandFile {
  /** Each command's words (`jobs list`, `run`), as the file lists them. */
  words: string[];
  load(): Promise<Command[]>;
}

/** The files in the order their commands are listed in the help. */
export const COMMAND_FILES: readonly CommandFile[] = [
  {
    words: [
      'connections list',
      'connections add',
      'connections edit',
      'connections test',
      'connections delete',
    ],
    load: async () => (await import('./connectionCommands')).CONNECTION_COMMANDS,
  },
  {
    words: ['templates list', 'templates show'],
    load: async () => (await import('./templateCommands')).TEMPLATE_COMMANDS,
  },
  {
    words: [
      'import',
      'datasets list',
      'datasets show',
      'datasets delete',
      'datasets rows',
      'mappings auto',
      'mappings show',
      'mappings check',
    ],
    load: async () => (await import('./datasetCommands')).DATASET_COMMANDS,
  },
  { words: ['run'], load: async () => (await import('./runCommand')).RUN_COMMANDS },
  {
    words: [
      'jobs list',
      'jobs show',
      'jobs events',
      'jobs export',
      'jobs resume',
      'jobs retry-failed',
      'jobs cancel',
    ],
    load: async () => (await import('./jobCommands')).JOB_COMMANDS,
  },
  {
    words: ['plan', 'plans list', 'plans show'],
    load: async () => (await import('./planCommands')).PLAN_COMMANDS,
  },
  {
    words: ['jobs in-doubt', 'jobs resolve'],
    load: async () => (await import('./inDoubtCommands')).IN_DOUBT_COMMANDS,
  },
  { words: ['jobs undo'], load: async () => (await import('./undoCommands')).UNDO_COMMANDS },
  {
    words: ['recipes list', 'recipes show', 'recipes export', 'recipes import', 'recipes delete'],
    load: async () => (await import('./recipeCommands')).RECIPE_COMMANDS,
  },
  {
    words: ['sync run', 'sync status', 'reports courses', 'reports run'],
    load: async () => (await import('./syncReportCommands')).SYNC_REPORT_COMMANDS,
  },
  { words: ['data restore-backup'], load: async () => (await import('./dataCommands')).DATA_COMMANDS },
];

/**
 * The summaries of the commands alone under their first word (`run`, `data restore-backup`): the top help
 * lists them beside the groups' own, without loading their files (the commands use these too: one text).
 */
export const ALONE_SUMMARIES = {
  import: 'Import a CSV file or a workbook sheet as a dataset (prints its id, rows, columns and warnings)',
  run: 'Create a job from a dataset, connection, template and mapping, send it, and wait',
  plan: 'Compare a file with the academy before sending: each row create, update, unchanged, conflict or missing',
  data: 'Put back the backup of the last good database (the current file is kept beside it)',
} as const;

/** Every command's words, split (`['jobs', 'list']`), in the help's order. */
export const COMMAND_WORDS: readonly string[][] = COMMAND_FILES.flatMap((f) =>
  f.words.map((w) => w.split(' ')),
);

/** The commands of the files that hold `words` (a command's, or a group's first word), in the help's order. */
export async function loadCommands(matches: (words: string[]) => boolean): Promise<Command[]> {
  const files = COMMAND_FILES.filter((f) => f.words.some((w) => matches(w.split(' '))));
  const loaded = await Promise.all(files.map((f) => f.load()));
  return loaded.flat().filter((c) => matches(c.words));
}
