// The CLI's router: finds the command from its words, parses its flags with node:util parseArgs (no
// dependency), prints help at every level, opens the same services (same SQLite, same keychain, same
// data-dir lock — but see ./readOnlyCommands.ts) as the app, and turns errors into messages and exit codes.
import { join, resolve } from 'node:path';
import { AppError } from '../../src-shared/contract/errors';
import { describeStorageFault, storageFaultKind } from '../db/storageErrors';
import type { SandboxOptions } from '../sandbox/index';
import { parseFaults } from '../sandbox/faults';
import { parseSandboxOptionsJson, unknownSandboxOptions } from '../sandbox/optionsJson';
import type { IdKind } from '../db/idsStartingWith';
import type { createServices, Services } from '../services';
import { defaultDataDir, pasteable } from '../services/dataDir';
import type { Command, Values } from './commandKit';
import { COMMAND_WORDS, loadCommands, ALONE_SUMMARIES } from './commandIndex';
import { readsOnly } from './readOnlyCommands';
import { EXIT, terminalSafe, UsageError, type CliIo } from './io';
import { idPrefixHelp, MIN_ID_PREFIX, shortIdWords } from './idWords';
import { unknownOptionWords } from './unknownOption';
import { closableOutput, isClosedOutput } from './stopRequests';
import { afterwordOf } from './startJob';

// node:util as Node's own object, not an ES import: its ES namespace reads every export, which loads worker
// threads and more (~8 ms of CPU at every start, --help included). As services/nodeHttp.ts does for HTTP.
const { parseArgs } = process.getBuiltinModule('node:util');

const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  'with-sandbox': { type: 'boolean' },
  'sandbox-options': { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const GLOBAL_HELP: [string, string][] = [
  ['--data-dir DIR', "data folder (default: the app's own, or $BULKDESK_DATA_DIR)"],
  [
    '--with-sandbox',
    'also start the built-in sandbox LMS and its two connections (it starts from its sample data each time: what a command sent it is gone when the command ends)',
  ],
  [
    '--sandbox-options JSON',
    'its options, e.g. \'{"dropWrites":["coursepath.members.update"]}\' (src-main/sandbox/types.ts)',
  ],
  ['--verbose', 'log service messages to stderr'],
  ['-h, --help', 'help for this command'],
];

const BIN = 'bulk-desk';

function options(help: [string, string][]): string {
  const w = Math.max(...help.map(([a]) => a.length));
  return help.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`.trimEnd()).join('\n');
}

/** From the index of commands alone (commandIndex.ts): no command's file is loaded to list them. */
export function topHelp(): string {
  const groups = [...new Set(COMMAND_WORDS.map((w) => w[0]!))];
  const lines = groups.map((g) => {
    const cmds = COMMAND_WORDS.filter((w) => w[0] === g);
    const name = cmds.length === 1 && cmds[0]!.length === 1 ? g : `${g} ${cmds.map((w) => w[1]).join('|')}`;
    const summary = cmds.length === 1 ? ALONE_SUMMARIES[g as keyof typeof ALONE_SUMMARIES] : groupSummary(g);
    return [name, summary] as [string, string];
  });
  return `Bulk Desk from the command line: the same data, jobs and history as the app.

Usage: ${BIN} <command> [options]     (from a checkout: npm run cli -- <command> [options])

Commands:
${options(lines)}

Global options (before or after the command):
${options(GLOBAL_HELP)}

Exit codes: 0 ok (a job: completed, every row through or skipped on purpose) · 1 rows failed, invalid or
in doubt, the job stopped, or the command failed · 2 wrong usage or a missing --confirm · 3 paused by the
app for a decision (a circuit breaker, the canary, a read-back mismatch: the reason is printed) ·
130 paused by Ctrl+C · 143 paused by SIGTERM · 129 by SIGHUP (terminal closed) · 141 its output closed (\`| head\`): a job paused as by SIGTERM
Run '${BIN} <command> --help' for a command's options.
`;
}

function groupSummary(g: string): string {
  return (
    (
      {
        connections: 'LMS connections (secrets stay in the OS keychain)',
        templates: 'Endpoint templates',
        datasets: 'Imported CSV files',
        mappings: 'Column → field mappings: the working one the app keeps, and JSON files',
        jobs: 'Job history, status, exports, resume',
        plans: 'Plans: what a file would do to the academy',
        recipes: 'Several calls per row (create, enrol, group, invite): files to share and version',
        sync: "The LMS's own data, fetched into the local store",
        reports: 'Reports over the synced data, offline',
        data: "The data folder's database: its backup",
      } as Record<string, string>
    )[g] ?? ''
  );
}

/** Under a group's help: its ids may be shortened (cli/idPrefix.ts). */
const ID_HELP: Record<string, string> = {
  jobs: idPrefixHelp('job', 'ab242269'),
  datasets: idPrefixHelp('dataset', '3023fb13'),
  plans: idPrefixHelp('plan', '9c41d2e0'),
  connections: idPrefixHelp('connection', 'f6feb27d'),
};

/** Loads the group's files (`jobs`: three) for its commands' arguments and summaries. */
async function groupHelp(g: string): Promise<string> {
  const cmds = await loadCommands((w) => w[0] === g && w.length === 2);
  return `${groupSummary(g)}

Usage: ${BIN} ${g} <${cmds.map((c) => c.words[1]).join('|')}> [options]

${options(cmds.map((c) => [`${c.words.join(' ')}${c.args ? ` ${c.args}` : ''}`, c.summary]))}

${g in ID_HELP ? `${ID_HELP[g]}\n\n` : ''}Run '${BIN} ${g} <command> --help' for its options.
`;
}

export function commandHelp(c: Command): string {
  return `${c.summary}

Usage: ${BIN} ${c.words.join(' ')}${c.args ? ` ${c.args}` : ''} [options]
${c.details ? `\n${c.details}\n` : ''}
${c.optionHelp?.length ? `Options:\n${options(c.optionHelp)}\n\n` : ''}Global options:
${options(GLOBAL_HELP)}
`;
}

/** The command the words name, its file loaded (and no other command's): see commandIndex.ts. */
async function findCommand(
  argv: string[],
): Promise<{ command: Command | null; group: string | null; rest: string[] }> {
  const [w0, w1] = argv;
  const same = (a: string[]) => (b: string[]) => a.length === b.length && a.every((w, i) => w === b[i]);
  const loaded = async (words: string[]) => (await loadCommands(same(words)))[0] ?? null;
  const two = COMMAND_WORDS.find((w) => w.length === 2 && w[0] === w0 && w[1] === w1);
  if (two) return { command: await loaded(two), group: w0!, rest: argv.slice(2) };
  const one = COMMAND_WORDS.find((w) => w.length === 1 && w[0] === w0);
  if (one) return { command: await loaded(one), group: null, rest: argv.slice(1) };
  const isGroup = COMMAND_WORDS.some((w) => w[0] === w0 && w.length === 2);
  return { command: null, group: isGroup ? w0! : null, rest: argv.slice(isGroup ? 1 : 0) };
}

export interface RunCliOptions {
  /** For tests: open services differently (e.g. a fake keychain). */
  openServices?: typeof createServices;
}

/**
 * Global options given before the command (`bulk-desk --data-dir X jobs list`): taken off the front so
 * the command's words can be found, and handed to the command's own parse with its flags.
 */
export function leadingGlobals(argv: string[]): { globals: string[]; rest: string[] } {
  const globals: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    // Every global option but --help (which asks for the top help here), from GLOBAL_OPTIONS.
    const name = a.startsWith('--') ? a.slice(2).split('=')[0]! : '';
    const option =
      name !== 'help' && Object.hasOwn(GLOBAL_OPTIONS, name)
        ? GLOBAL_OPTIONS[name as keyof typeof GLOBAL_OPTIONS]
        : null;
    if (!option) break;
    if (option.type === 'boolean' || a.includes('=')) globals.push(a);
    else if (i + 1 < argv.length) globals.push(a, argv[++i]!);
    else break;
  }
  return { globals, rest: argv.slice(i) };
}

export async function runCli(rawArgv: string[], given: CliIo, opts: RunCliOptions = {}): Promise<number> {
  // Messages quote cells and the LMS's words: their control characters are shown escaped, on stderr
  // always, and on stdout when it is a terminal. Piped or redirected, stdout is data and stays exact.
  // A reader that stops reading (`| head`) is a stop request, never an uncaught EPIPE (stopRequests.ts).
  const [stdout, stderr] = [closableOutput(given.stdout), closableOutput(given.stderr)];
  const io: CliIo = {
    ...given,
    stderr: terminalSafe(stderr),
    stdout: stdout.isTTY ? terminalSafe(stdout) : stdout,
  };
  const { globals, rest: argv } = leadingGlobals(rawArgv);
  const found = await findCommand(argv);
  const { command, group } = found;
  const rest = command ? [...globals, ...found.rest] : found.rest;
  if (!command) {
    const wantsHelp =
      rest.length === 0 || rest.includes('--help') || rest.includes('-h') || rest[0] === 'help';
    if (group && wantsHelp) {
      io.stdout.write(await groupHelp(group));
      return EXIT.ok;
    }
    if (!group && (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h')) {
      io.stdout.write(topHelp());
      return EXIT.ok;
    }
    const what = group ? `${group} ${rest[0] ?? ''}`.trim() : (argv[0] ?? '');
    io.stderr.write(`Unknown command: ${what}\n\n${group ? await groupHelp(group) : topHelp()}`);
    return EXIT.usage;
  }

  let values: Values;
  let args: string[];
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    values = parsed.values as Values;
    args = parsed.positionals;
    if (values.help) {
      io.stdout.write(commandHelp(command));
      return EXIT.ok;
    }
    const expected = command.positionals ?? 0;
    if (args.length !== expected) {
      throw new UsageError(
        expected === 0
          ? // A command that reads a secret (connections add) is given one as an argument by mistake
            // (`--secret-stdin "$KEY"`): never printed back, into a terminal's scrollback or a CI log.
            command.options?.['secret-stdin']
            ? 'unexpected argument (not shown: it may be the secret, and the secret is read from stdin, never from the command line)'
            : `unexpected argument: ${args[0]}`
          : `expected ${command.args ?? `${expected} argument(s)`}`,
      );
    }
  } catch (e) {
    return usageFailure(io, command, e, dataDirArg(rest));
  }

  const log = values.verbose ? (line: string) => io.stderr.write(`[bulk-desk] ${line}\n`) : undefined;
  let services: Services | null = null;
  /** The ids the command line gave (an argument, --dataset, --plan, --connection) that name no record. */
  const unknownIds: { kind: IdKind; given: string }[] = [];
  try {
    if (command.services !== false) {
      const dataDir = resolve(typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultDataDir());
      // Loaded only when a command needs them (the SQLite driver, the keychain, the sandbox…): help and
      // usage errors start in a few tens of milliseconds.
      const open = opts.openServices ?? (await import('../services')).createServices;
      services = await open({
        dataDir,
        sandbox: values['with-sandbox'] === true ? sandboxOptions(values['sandbox-options']) : false,
        ...(log ? { log } : {}),
        // Beside the app: read-only, without the folder's lock (./readOnlyCommands.ts).
        ...(readsOnly(command) ? { readOnly: true } : {}),
      });
    }
    // A job, dataset, plan or connection named by the start of its id, as messages show it ("job ab242269"), or a
    // connection by its name: its full id. (Loaded here, not at the top: it reads the database, which --help never needs.)
    if (services) {
      const { resolveIdPrefix, resolveConnectionName, namesNothing } = await import('./idPrefix');
      const db = services.db;
      const full = (kind: IdKind, given: string) => {
        const named = kind === 'connection' ? resolveConnectionName(db, given) : given;
        const id = named === given ? resolveIdPrefix(db, kind, given) : named;
        if (namesNothing(db, kind, id)) unknownIds.push({ kind, given });
        return id;
      };
      const kind = ARG_KINDS.find(([start]) => command.args?.startsWith(start))?.[1];
      if (kind && args[0]) args = [full(kind, args[0]), ...args.slice(1)];
      if (typeof values.dataset === 'string')
        values = { ...values, dataset: full('dataset', values.dataset) };
      if (typeof values.plan === 'string') values = { ...values, plan: full('plan', values.plan) };
      if (command.words[0] === 'plan' && typeof values.resume === 'string')
        values = { ...values, resume: full('plan', values.resume) };
      // `sync run --connection` may be repeated: each is taken back to its full id.
      const c = values.connection;
      if (typeof c === 'string') values = { ...values, connection: full('connection', c) };
      else if (Array.isArray(c)) values = { ...values, connection: c.map((one) => full('connection', one)) };
    }
    return await command.run({ s: services, io, values, args });
  } catch (e) {
    // The reader of its output went (`| head`): it has what it wanted; no error to say.
    if (isClosedOutput(e)) return EXIT.outputClosed;
    if (e instanceof UsageError) return usageFailure(io, command, e, values['data-dir']);
    // An id that names nothing came from the command line (an argument such as `jobs show <job-id>`, or
    // `--connection`, `--dataset`, `--template`, `--plan`): wrong usage, like an unknown recipe or `--sheet`
    // (the README's exit 2: "an unknown flag or value"). The message names the id and where the ids are listed.
    // Only the error and where its options are: the whole help after it pushed the one line that matters
    // off a small terminal, for a mistake in a value, not in how the command is written.
    if (
      e instanceof AppError &&
      e.code === 'NOT_FOUND' &&
      (ID_FLAGS.has(String(e.details?.field)) || unknownIds.length > 0)
    ) {
      io.stderr.write(`Error: ${describeError(e, values['data-dir'])}\n`);
      // "ab" may well start an id: why it was not taken for one.
      for (const { kind, given } of unknownIds)
        if (given.length < MIN_ID_PREFIX)
          io.stderr.write(`${pasteable(shortIdWords(kind, given), dirOrDefault(values['data-dir']))}\n`);
      io.stderr.write(`(Run '${BIN} ${command.words.join(' ')} --help' for its options.)\n`);
      return EXIT.usage;
    }
    io.stderr.write(`Error: ${describeError(e, values['data-dir'])}\n`);
    if (e instanceof AppError && e.details?.field === 'confirm' && e.details.phrase)
      io.stderr.write(`Add: --confirm "${e.details.phrase}"\n`);
    // A job this run made and could not start: it is ready, and this says how to start it (startJob.ts).
    const afterword = afterwordOf(e);
    if (afterword) io.stderr.write(afterword);
    // A destructive operation without its phrase is a usage mistake: nothing was sent.
    if (e instanceof AppError && e.details?.field === 'confirm') return EXIT.usage;
    // A job whose connection now points at another LMS: refused before anything was sent, as above.
    if (e instanceof AppError && e.details?.field === 'connection') return EXIT.usage;
    // An --out that is a spreadsheet the admin imported (services/importedFileGuard.ts): a value to change.
    if (e instanceof AppError && e.code === 'CONFLICT' && e.details?.field === 'out') return EXIT.usage;
    // `jobs resolve --rows` naming a row that is not in doubt: a value to change, nothing was settled.
    if (e instanceof AppError && e.code === 'INVALID_INPUT' && e.details?.field === 'rows') return EXIT.usage;
    return EXIT.failed;
  } finally {
    await services?.close();
  }
}

/** A command's first argument that is an id the CLI takes the start of (cli/idPrefix.ts). */
const ARG_KINDS = [
  ['<job-id>', 'job'],
  ['<dataset-id>', 'dataset'],
  ['<plan-id>', 'plan'],
  ['<connection-id>', 'connection'],
] as const;

/** The contract fields an unknown id is reported on (NOT_FOUND) when a flag named it. */
const ID_FLAGS: ReadonlySet<string> = new Set(['connectionId', 'datasetId', 'templateId']);

/** `--sandbox-options` JSON → the built-in sandbox's options (as `npm run serve` takes them). */
function sandboxOptions(json: string | boolean | string[] | undefined): SandboxOptions {
  if (typeof json !== 'string') return {};
  const parsed = parseSandboxOptionsJson(json);
  if (parsed) {
    // A fault named wrong ("bogus:0.1") is the admin's typing: said with the ones there are, before the
    // sandbox starts (it threw there, exit 1).
    const unknown = unknownSandboxOptions(parsed);
    if (unknown) throw new UsageError(`--sandbox-options: ${unknown}`);
    const { faults } = parsed as { faults?: unknown };
    if (faults !== undefined && typeof faults !== 'string')
      throw new UsageError('--sandbox-options faults: a text such as "500:0.05,reset:0.02,latency:20-80"');
    try {
      parseFaults(faults);
    } catch (e) {
      throw new UsageError(`--sandbox-options faults: ${e instanceof Error ? e.message : String(e)}`);
    }
    return parsed;
  }
  throw new UsageError(
    `--sandbox-options must be a JSON object, e.g. '{"dropWrites":["coursepath.members.update"]}'`,
  );
}

/** A usage error with the command's help; its `bulk-desk …` hints carry the folder's --data-dir. */
function usageFailure(io: CliIo, command: Command, e: unknown, dataDir: Values[string]): number {
  const raw = e instanceof Error ? e.message : String(e);
  const options = Object.keys({ ...GLOBAL_OPTIONS, ...command.options });
  const message = pasteable(unknownOptionWords(raw, command.words, options), dirOrDefault(dataDir));
  io.stderr.write(`Error: ${message}\n\n${commandHelp(command)}`);
  return EXIT.usage;
}

const dirOrDefault = (dataDir: Values[string]) => (typeof dataDir === 'string' ? dataDir : defaultDataDir());

/** `--data-dir` as the arguments give it, for a usage error found before they were parsed. */
function dataDirArg(args: readonly string[]): string | undefined {
  let dir: string | undefined;
  args.forEach((a, i) => {
    if (a.startsWith('--data-dir=')) dir = a.slice('--data-dir='.length);
    else if (a === '--data-dir' && i + 1 < args.length) dir = args[i + 1];
  });
  return dir;
}

function describeError(e: unknown, dataDir: Values[string]): string {
  if (storageFaultKind(e)) {
    const dir = resolve(typeof dataDir === 'string' ? dataDir : defaultDataDir());
    // The file itself (DB_FILE in db/openChecked.ts, not imported: it would load SQLite before any command
    // needs it): the words around it say "The database …", "The disk holding …", "… cannot be written".
    return describeStorageFault(e, join(dir, 'bulk-desk.sqlite'), dir);
  }
  if (e instanceof AppError) {
    const issues = e.details?.issues?.map((i) => `\n  ${i.path}: ${i.message}`).join('') ?? '';
    // The services' words name `bulk-desk …` commands without the folder ("see: bulk-desk datasets list").
    return pasteable(`${e.message}${issues}`, dirOrDefault(dataDir));
  }
  return e instanceof Error ? e.message : String(e);
}
