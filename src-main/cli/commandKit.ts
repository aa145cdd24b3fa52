// What every CLI command is made of: the Command shape, the flag helpers (`need`, `positiveNumber`…), and the
// small printers the command groups share (jobs as table rows, a dataset described, a job followed). The
// commands themselves are in connectionCommands.ts, templateCommands.ts, datasetCommands.ts, runCommand.ts
// and jobCommands.ts.
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { ParseArgsConfig } from 'node:util';
import type {
  ConnectionIdentity,
  DatasetDto,
  JobEventDto,
  JobOptions,
  ItemCounts,
  JobSummary,
  SecretState,
} from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { getTemplate } from '../../src-shared/connectors/catalog';
import { MANUAL_TEMPLATE_ID } from '../../src-shared/connectors/customTemplate';
import type { Template } from '../../src-shared/connectors/types';
import { MAX_CONCURRENCY } from '../../src-shared/runner/concurrencyLimiter';
import { withoutStopped } from '../../src-shared/runner/jobEvents';
import { autoMatch } from '../../src-shared/mapping/autoMatch';
import { describeTransform } from '../../src-shared/mapping/describeTransform';
import { sourceOf } from '../../src-shared/mapping/applyMapping';
import { andList } from '../../src-shared/util/andList';
import { plural } from '../../src-shared/util/plural';
import { showControls } from '../../src-shared/util/showControls';
import { formatStamp } from '../../src-shared/util/dates';
import type { Mapping } from '../../src-shared/mapping/types';
import type { Services } from '../services';
import { refuseImportedFile } from '../services/importedFileGuard';
import { call, EXIT, table, UsageError, write, type CliIo } from './io';
import { followJob } from './progress';
import { readFileArg } from './readFileArg';
import { destinationError, openAtomicStream, writeFileAtomic } from '../services/atomicFile';
import { pasteable } from '../services/dataDir';
import { resolveConnection } from '../handlers/resolveSpec';
export type Options = NonNullable<ParseArgsConfig['options']>;
/** Parsed flags; a `multiple` option gives a list. */
export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  words: string[];
  summary: string;
  /** Arguments after the words, e.g. `<file.csv>`. */
  args?: string;
  /** Extra lines for `--help`. */
  details?: string;
  options?: Options;
  optionHelp?: [string, string][];
  positionals?: number;
  /** false: runs without opening the data folder (no lock, no keychain). */
  services?: boolean;
  run(ctx: { s: Services | null; io: CliIo; values: Values; args: string[] }): Promise<number>;
}

export const JSON_OPT: Options = { json: { type: 'boolean' } };
export const JSON_HELP: [string, string] = ['--json', 'print JSON instead of a table'];

export const need = (v: Values, name: string): string => {
  const x = v[name];
  if (typeof x !== 'string' || x === '') throw new UsageError(`--${name} is required`);
  return x;
};

export const svc = (s: Services | null): Services => {
  if (!s) throw new Error('internal: this command needs the services');
  return s;
};

export function positiveNumber(v: Values, name: string, int: boolean): number | undefined {
  const x = v[name];
  if (x === undefined) return undefined;
  const n = Number(x);
  if (typeof x !== 'string' || !Number.isFinite(n) || n <= 0 || (int && !Number.isInteger(n))) {
    throw new UsageError(`--${name} must be a positive ${int ? 'whole ' : ''}number`);
  }
  return n;
}

/** A whole number ≥ 0 (0 means off), or undefined when the flag is absent. */
export function wholeNumber(v: Values, name: string): number | undefined {
  const x = v[name];
  if (x === undefined) return undefined;
  if (typeof x !== 'string' || !/^\d+$/.test(x))
    throw new UsageError(`--${name} must be a whole number (0 = off)`);
  return Number(x);
}

/** A saved mapping file: `{ "fields": { … } }` (src-shared/mapping/types.ts), or a preset `{ "mapping": { … } }`. */
export function readMappingFile(path: string): Mapping {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileArg(path, 'the mapping file'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(
      `cannot read the mapping file ${path}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const obj = parsed as { fields?: unknown; mapping?: { fields?: unknown } };
  const mapping = obj && typeof obj === 'object' && 'fields' in obj ? obj : obj?.mapping;
  if (
    !mapping ||
    typeof mapping !== 'object' ||
    typeof (mapping as { fields?: unknown }).fields !== 'object'
  ) {
    throw new UsageError(`${path} is not a mapping: expected a JSON object with "fields"`);
  }
  return mapping as Mapping; // its shape is checked by the contract's validation on use
}

/** The working mapping the app keeps for a dataset and template (edited on the Map screen), or null. */
export async function workingMapping(
  s: Services,
  datasetId: string,
  templateId: string,
): Promise<Mapping | null> {
  return (await call(s, 'mappings.working', { datasetId, templateId }))?.mapping ?? null;
}

/**
 * The template (undefined for the manual configuration) and the dataset, once both ids name something. The ids first: an
 * unknown one is said as such (exit 2, on its field), not as a working mapping that is missing. The
 * manual configuration is a template only with a mapping's "manual" settings, so never auto-matched.
 * `connectionId`, when the command sends or reads through one: checked too, so an unknown one is said
 * before anything else is printed (it was found only by the preflight, after "Auto-matched: …").
 */
export async function knownIds(
  s: Services,
  datasetId: string,
  templateId: string,
  auto = false,
  connectionId?: string,
): Promise<{ template: Template | undefined; dataset: DatasetDto }> {
  const template = getTemplate(templateId);
  if (!template && (auto || templateId !== MANUAL_TEMPLATE_ID))
    throw new AppError('NOT_FOUND', `No template with id ${templateId} (see: bulk-desk templates list).`, {
      field: 'templateId',
    });
  const dataset = (await call(s, 'datasets.list', {})).find((d) => d.id === datasetId);
  if (!dataset)
    throw new AppError('NOT_FOUND', `No dataset with id ${datasetId} (see: bulk-desk datasets list).`, {
      field: 'datasetId',
    });
  if (connectionId !== undefined) resolveConnection(s.db, connectionId);
  return { template, dataset };
}

/** The mapping a command uses: --mapping's file, --auto's match (printed), or the working mapping. */
export async function mappingFor(
  s: Services,
  io: CliIo,
  v: Values,
  datasetId: string,
  templateId: string,
  connectionId?: string,
  /** Set by `mappings auto`: the mapping is being written for the admin to edit (to `out`, or stdout). */
  proposing?: { out?: string },
): Promise<Mapping> {
  if (v.mapping !== undefined && v.auto)
    throw new UsageError('use either --mapping <file> or --auto, not both');
  const { template, dataset } = await knownIds(s, datasetId, templateId, v.auto === true, connectionId);
  if (typeof v.mapping === 'string') return readMappingFile(v.mapping);
  if (!v.auto || !template) {
    // Neither (with --auto the template is known, checked above): the working mapping of this dataset
    // and template, as the app's Map screen left it.
    const working = await workingMapping(s, datasetId, templateId);
    if (working) {
      io.stderr.write(
        pasteable(
          `Using the working mapping of dataset ${datasetId} and ${templateId} (see: bulk-desk mappings show).\n`,
          s.dataDir,
        ),
      );
      return working;
    }
    throw new UsageError(
      `no working mapping for dataset ${datasetId} and template ${templateId} yet: map it in the app, or pass --mapping <file.json> or --auto`,
    );
  }
  const mapping = autoMatch(template, dataset.columns);
  const mapped = Object.entries(mapping.fields).map(([k, src]) =>
    src.kind === 'column'
      ? `${k} ← ${src.column}${src.transforms?.length ? ` (${src.transforms.map(describeTransform).join(', ')})` : ''}`
      : src.kind === 'template'
        ? `${k} ← "${src.template}"`
        : `${k} ← ${src.kind}`,
  );
  io.stderr.write(`Auto-matched: ${mapped.join(', ') || '(nothing)'}\n`);
  // A required field no column matched makes every row invalid: said once, before the rows say it.
  const unmatched = template.fields.filter((f) => f.required && sourceOf(f, mapping) === undefined);
  if (unmatched.length && proposing) io.stderr.write(toAddByHand(unmatched, proposing.out));
  else if (unmatched.length)
    io.stderr.write(
      pasteable(
        `Not matched: ${andList(unmatched.map((f) => `${f.label} (${f.key})`))}, required: no column of this file ` +
          `matched ${unmatched.length === 1 ? 'it' : 'them'}, so no row can be sent until ${unmatched.length === 1 ? 'it is' : 'they are'} ` +
          `mapped — in the app, or with --mapping <file.json> (\`bulk-desk mappings auto --dataset ${datasetId} ` +
          `--template ${templateId} --out mapping.json\` writes one to edit).\n`,
        s.dataDir,
      ),
    );
  return mapping;
}

const orList = (xs: readonly string[]) =>
  xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;

/**
 * `mappings auto`'s word on required fields no column matched: what to add to the file it writes, as
 * JSON to paste (a choice's values named; telling it to run `mappings auto` again would go in a circle).
 */
function toAddByHand(unmatched: readonly Template['fields'][number][], out: string | undefined): string {
  const lines = unmatched.map((f) => {
    const example = f.options?.length
      ? // No value chosen for the admin: pasted as it is, the placeholder is refused, not sent.
        `{ "kind": "constant", "value": "<${orList(f.options)}>" }`
      : `{ "kind": "column", "column": "<a header of the file>" }  (or "kind": "constant" with a "value")`;
    return `  ${JSON.stringify(f.key)}: ${example}\n`;
  });
  return (
    `Not matched: ${andList(unmatched.map((f) => `${f.label} (${f.key})`))}, required: no column of this file matched ` +
    `${unmatched.length === 1 ? 'it' : 'them'}. Add ${unmatched.length === 1 ? 'it' : 'them'} under "fields" in ` +
    `${out ?? 'the mapping'} before \`run --mapping\`, e.g.:\n${lines.join('')}`
  );
}

export function connectionIdentity(v: Values): ConnectionIdentity {
  const api = need(v, 'api');
  if (api === 'coursepath') return { api, email: need(v, 'email') };
  if (api === 'coassemble') {
    if (typeof v['workspace-id'] === 'string')
      return { api, scheme: 'workspace', workspaceId: v['workspace-id'] };
    if (typeof v['user-id'] === 'string')
      throw new UsageError(
        '--user-id: the Coassemble User id + token scheme (COASSEMBLE-V1-SHA256) is retired and keys issued today cannot use it; ' +
          'use --workspace-id with a workspace API key (Coassemble → Developer → API keys)',
      );
    throw new UsageError(
      'a Coassemble connection needs --workspace-id and its workspace API key on stdin (Coassemble → Developer → API keys)',
    );
  }
  throw new UsageError('--api must be coursepath or coassemble');
}

/** `connections edit`: the identity with the flags given applied; the API itself never changes. */
export function editedIdentity(current: ConnectionIdentity, v: Values): ConnectionIdentity {
  const text = (name: string) => (typeof v[name] === 'string' ? (v[name] as string) : undefined);
  const email = text('email');
  const workspaceId = text('workspace-id');
  const userId = text('user-id');
  if (current.api === 'coursepath') {
    if (workspaceId !== undefined || userId !== undefined)
      throw new UsageError('this is a Coursepath connection: use --email for its acting user');
    return email !== undefined ? { api: 'coursepath', email } : current;
  }
  if (email !== undefined)
    throw new UsageError('this is a Coassemble connection: use --workspace-id or --user-id');
  if (workspaceId !== undefined && userId !== undefined)
    throw new UsageError('use either --workspace-id or --user-id');
  if (workspaceId !== undefined) return { api: 'coassemble', scheme: 'workspace', workspaceId };
  if (userId !== undefined) return { api: 'coassemble', scheme: 'legacy', userId };
  return current;
}

/** The `secret` column of `connections list`. */
export const SECRET_WORDS: Record<SecretState, string> = {
  stored: 'in keychain',
  missing: 'missing',
  unavailable: 'keychain locked or unavailable',
  elsewhere: 'given for another address',
};

/**
 * A time as `2026-11-23 19:14:00`, for tables and history lines: local, as the app's History shows it and as
 * the messages stored beside it write their times (a job's events, a long wait's "until …", notes).
 */
export const when = (t: number | null) => (t === null ? '' : formatStamp(t));

export function jobRow(j: JobSummary): string[] {
  const c = j.counts;
  return [
    j.id,
    j.state,
    j.templateId,
    j.connectionName,
    j.fileName,
    `${c.succeeded}/${c.total}`,
    String(c.failed),
    when(j.createdAt),
    String(c.in_doubt),
  ];
}

/**
 * What `import` and `datasets show` print: where the rows came from, how they were read, warnings. One line
 * each: a column named by a header cell typed over two lines (Alt+Enter) keeps its name, line break and
 * all (mappings are saved under it), and is printed with the break shown as \n, as tables show a cell's.
 */
export function describeDataset(d: DatasetDto): string {
  // An encoding: a CSV's, or an HTML or XML workbook's (the others have none).
  const encoding =
    d.encoding &&
    `${d.encoding}${d.encodingConfidence === null ? ' (chosen)' : ` (${d.encodingConfidence}% sure)`}, `;
  const how =
    d.format === 'csv'
      ? `csv, ${encoding}separated by ${d.delimiter === '\t' ? 'tabs' : `"${d.delimiter}"`}`
      : `${d.format} workbook, ${encoding}sheet "${d.sheet}" (of ${d.sheets.map((x) => `"${x.name}"`).join(', ')})`;
  const lines = [
    `dataset  ${d.id}`,
    `file     ${d.fileName}`,
    `read as  ${how}`,
    `rows     ${d.rowCount}`,
    `columns  ${d.columns.map(showControls).join(', ')}`,
    ...d.warnings.map((w) => `warning  ${showControls(w)}`),
  ];
  return lines.join('\n') + '\n';
}

/** A small text (a mapping, a recipe) to `--out FILE`, saying so on stderr, or to stdout. */
export async function writeTextOut(io: CliIo, out: Values[string], text: string, s: Services): Promise<void> {
  if (typeof out === 'string') {
    refuseImportedFile(s.db, resolve(out)); // never over a spreadsheet the admin imported
    // Whole or not at all, as every export (services/atomicFile.ts); a refusal names this file, not the database.
    writeFileAtomic(resolve(out), text);
    io.stderr.write(`Wrote ${out}\n`);
  } else await write(io.stdout, text);
}

/**
 * Rows written by `rows(stream)` (which returns how many) to `--out FILE` or stdout. The file is written
 * beside its name and renamed into place when complete, so a killed export never leaves a partial file
 * that looks like a result (services/atomicFile.ts); on any error it is removed.
 */
export async function writeRowsOut(
  io: CliIo,
  out: Values[string],
  rows: (stream: Writable) => Promise<number>,
  /** Whose imports `--out` must not overwrite; null only where no store is open (the writer's own tests). */
  s: Pick<Services, 'db'> | null,
): Promise<void> {
  const dest = typeof out === 'string' ? resolve(out) : null;
  if (dest && s) refuseImportedFile(s.db, dest); // never over a spreadsheet the admin imported
  const file = dest ? openAtomicStream(dest) : null;
  let n: number;
  try {
    n = await rows(file?.stream ?? io.stdout);
    await file?.commit();
  } catch (e) {
    await file?.abort();
    throw dest ? destinationError(dest, e) : e; // a refused write names the file, not the database
  }
  if (file) io.stderr.write(`Wrote ${plural(n, 'row')} to ${String(out)}\n`);
}

/** A result as indented JSON on stdout: what every `--json` prints. */
export const writeJson = (io: CliIo, value: unknown) =>
  write(io.stdout, JSON.stringify(value, null, 2) + '\n');

/** A `… list` command: one contract call, printed as JSON with --json or as a table of one row per item. */
export function listCommand<T>(c: {
  words: string[];
  summary: string;
  list: (s: Services) => Promise<T[]>;
  header: string[];
  row: (item: T) => string[];
  /** A note for stderr after the table (e.g. why some cells could not be filled). */
  after?: (list: T[]) => string;
}): Command {
  return {
    words: c.words,
    summary: c.summary,
    options: JSON_OPT,
    optionHelp: [JSON_HELP],
    async run({ s, io, values }) {
      const list = await c.list(svc(s));
      if (values.json) await writeJson(io, list);
      else await write(io.stdout, table(c.header, list.map(c.row)));
      const note = c.after?.(list);
      if (note) io.stderr.write(note);
      return EXIT.ok;
    },
  };
}

/** A command that sets a job going again (`jobs resume`, `jobs retry-failed`) and follows it to the end. */
export function restartCommand(
  words: string[],
  summary: string,
  method: 'jobs.resume' | 'jobs.retryFailed',
  details: string,
): Command {
  return {
    words,
    summary,
    details,
    args: '<job-id>',
    positionals: 1,
    options: { confirm: { type: 'string' } },
    optionHelp: [['--confirm PHRASE', 'the phrase a destructive template needs (printed when missing)']],
    async run({ s, io, args, values }) {
      const confirm = typeof values.confirm === 'string' ? { confirm: values.confirm } : {};
      await call(svc(s), method, { jobId: args[0]!, ...confirm });
      return (await followJob(svc(s), io, args[0]!)).code;
    },
  };
}

/**
 * "2026-12-01 18:11:20–18:11:48  The LMS is busy (HTTP 503) and asked to wait: Retry-After 1 s (10 times)…":
 * dated by when it started, as the list is ordered, with when it last happened if that is later.
 */
/** One event as a line; its `bulk-desk …` hints carry the --data-dir of a folder other than the default. */
export const eventLine = (e: JobEventDto, dataDir: string) =>
  `${when(e.at)}${spanEnd(e.at, e.lastAt)}  ${pasteable(e.message, dataDir)}\n`;

/** "–18:11:48" (the date too when it differs), or nothing for an event within one second. */
function spanEnd(at: number, lastAt: number): string {
  const [a, b] = [when(at), when(lastAt)];
  if (a === b) return '';
  return `–${b.slice(0, 10) === a.slice(0, 10) ? b.slice(11) : b}`;
}

/**
 * The statuses `jobs show` lists, so that they add up to the total: a recipe's `waiting` and `blocked`
 * items are listed too (only when there are any: a single-template job never has them).
 */
function statusRows(c: ItemCounts): (keyof ItemCounts)[] {
  const recipeOnly = (['waiting', 'blocked'] as const).filter((k) => c[k] > 0);
  return [
    'succeeded',
    'failed',
    'skipped',
    ...recipeOnly,
    'in_doubt',
    'pending',
    'retry_wait',
    'sending',
    'total',
  ];
}

/** `dataDir`: the folder the command reads, for the hints in the stop reason (see pasteable). */
export async function printJob(io: CliIo, j: JobSummary, json: boolean, dataDir: string) {
  if (json) return void (await writeJson(io, j));
  const c = j.counts;
  const lines = [
    `Job        ${j.id}`,
    `State      ${j.state}`,
    `Template   ${j.templateName} (${j.templateId})`,
    `Connection ${j.connectionName} (${j.connectionId})`,
    `Dataset    ${j.fileName} (${j.datasetId})`,
    ...(j.undoOf ? [`Undoes     job ${j.undoOf}`] : []),
    // A job run with every default has no options stored: said so, not as `{}`.
    `Options    ${Object.keys(j.options).length ? JSON.stringify(j.options) : 'the defaults'}`,
    `Created    ${when(j.createdAt)}   started ${when(j.startedAt) || '-'}   finished ${when(j.finishedAt) || '-'}`,
    ...(j.stopReason
      ? [`Stopped    ${j.stopReason.kind}: ${pasteable(withoutStopped(j.stopReason.message), dataDir)}`]
      : []),
    '',
    table(
      ['status', 'rows'],
      statusRows(c).map((k) => [k, String(c[k])]),
    ),
  ];
  await write(io.stdout, lines.join('\n'));
}

/**
 * The flags that say how a job sends — `--rate`, `--concurrency N|auto`, `--max-attempts`,
 * `--failure-breaker`, `--canary`, `--read-back`, `--no-undo` — as job options, each only when given. One
 * reading for every way `run` makes a job (a file, a recipe, a plan), so each takes the same flags the same
 * way. (`--no-undo` also stops a recipe's steps reading their targets before writing.)
 */
export function sendingOptions(values: Values): JobOptions {
  const rate = positiveNumber(values, 'rate', false);
  // auto (as absent): the runner finds the LMS's capacity (src-shared/runner/concurrencyLimiter.ts).
  const concurrency = values.concurrency === 'auto' ? undefined : positiveNumber(values, 'concurrency', true);
  if (concurrency !== undefined && concurrency > MAX_CONCURRENCY)
    throw new UsageError(`--concurrency must be 1–${MAX_CONCURRENCY}, or auto`);
  const maxAttempts = positiveNumber(values, 'max-attempts', true);
  const breaker = failureBreaker(values['failure-breaker']);
  const canary = wholeNumber(values, 'canary');
  const readBack = values['read-back'];
  if (readBack !== undefined && readBack !== 'canary' && readBack !== 'all' && readBack !== 'off')
    throw new UsageError('--read-back must be canary, all or off');
  return {
    ...(rate !== undefined ? { ratePerSecond: rate } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
    ...(breaker !== undefined ? { breaker } : {}),
    ...(canary !== undefined ? { canary } : {}),
    ...(readBack !== undefined ? { readBack } : {}),
    ...(values['no-undo'] ? { undo: false } : {}),
  };
}

/** `--failure-breaker 20/50` or `off`; absent: the default. */
export function failureBreaker(v: Values[string]): { failures: number; window: number } | null | undefined {
  if (v === undefined) return undefined;
  if (v === 'off') return null;
  const m = typeof v === 'string' ? /^(\d+)\/(\d+)$/.exec(v) : null;
  const failures = Number(m?.[1]);
  const window = Number(m?.[2]);
  if (!m || failures < 1 || window < 1 || failures > window)
    throw new UsageError(
      '--failure-breaker must be N/W (e.g. 20/50: more than 20 of the last 50 rows) or off',
    );
  return { failures, window };
}
