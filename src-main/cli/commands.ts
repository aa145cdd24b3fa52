// Every CLI command as data: its words, its flags, its help, and what it does. Each command calls the
// contract through `services.dispatch` — the same validated handlers the UI calls — so a job started
// here is an ordinary job in the app's history, and a mistake gets the same message it gets in the app.
// The commands are grouped by what they act on, one file each; the shared shape and helpers are in
// commandKit.ts (re-exported here for the other command groups).
import type { Command } from './commandKit';
import { CONNECTION_COMMANDS } from './connectionCommands';
import { DATASET_COMMANDS } from './datasetCommands';
import { JOB_COMMANDS } from './jobCommands';
import { RUN_COMMANDS } from './runCommand';
import { TEMPLATE_COMMANDS } from './templateCommands';

export * from './commandKit';

export const COMMANDS: Command[] = [
  ...CONNECTION_COMMANDS,
  ...TEMPLATE_COMMANDS,
  ...DATASET_COMMANDS,
  ...RUN_COMMANDS,
  ...JOB_COMMANDS,
];
