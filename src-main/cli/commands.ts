// Every CLI command as data: its words, its flags, its help, and what it does. Each command calls the
// contract through `services.dispatch` — the same validated handlers the UI calls — so a job started
// here is an ordinary job in the app's history, and a mistake gets the same message it gets in the app.
import { createWriteStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { ParseArgsConfig } from 'node:util';
import type {
  ConnectionIdentity,
  DatasetDto,
  Input,
  JobEventDto,
  JobSummary,
  PreflightDto,
  SecretState,
} from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { getTemplate, TEMPLATES } from '../../src-shared/connectors/catalog';
import type { ApiKind } from '../../src-shared/connectors/types';
import { autoMatch } from '../../src-shared/mapping/autoMatch';
import type { Mapping } from '../../src-shared/mapping/types';
import { isConfirmed } from '../../src-shared/runner/confirmGuard';
import { describePrior } from '../../src-shared/safety/rowVerdicts';
import type { Services } from '../services';
import { csvLine } from '../../src-shared/export/csv';
import { openAtomicStream } from '../services/atomicFile';
import { exportAudit } from './exportAudit';
import { exportJob, type ExportFormat } from './exportJob';
import { call, EXIT, readAll, table, UsageError, write, type CliIo } from './io';
import { runPlan } from './planCommands';
import { followJob } from './progress';
import { recipeFlags, runRecipe } from './recipeCommands';

type Options = NonNullable<ParseArgsConfig['options']>;
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
  if (typeof x !== 'string' || !/^\d+$/.test(x)) throw new UsageError(`--${name} must be a whole number (0 = off)`);
  return Number(x);
}

/** A saved mapping file: `{ "fields": { … } }` (src-shared/mapping/types.ts), or a preset `{ "mapping": { … } }`. */
export function readMappingFile(path: string): Mapping {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(resolve(path), 'utf8'));
  } catch (e) {
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
async function workingMapping(s: Services, datasetId: string, templateId: string): Promise<Mapping | null> {
  return (await call(s, 'mappings.working', { datasetId, templateId }))?.mapping ?? null;
}

export async function mappingFor(
  s: Services,
  io: CliIo,
  v: Values,
  datasetId: string,
  templateId: string,
): Promise<Mapping> {
  if (v.mapping !== undefined && v.auto)
    throw new UsageError('use either --mapping <file> or --auto, not both');
  if (typeof v.mapping === 'string') return readMappingFile(v.mapping);
  if (!v.auto) {
    // Neither: the working mapping of this dataset and template, as the app's Map screen left it.
    const working = await workingMapping(s, datasetId, templateId);
    if (working) {
      io.stderr.write(`Using the working mapping of dataset ${datasetId} and ${templateId} (see: bulk-desk mappings show).\n`);
      return working;
    }
    throw new UsageError(
      `no working mapping for dataset ${datasetId} and template ${templateId} yet: map it in the app, or pass --mapping <file.json> or --auto`,
    );
  }
  const template = getTemplate(templateId);
  if (!template)
    throw new AppError('NOT_FOUND', `No template with id ${templateId} (see: bulk-desk templates list).`);
  const dataset = (await call(s, 'datasets.list', {})).find((d) => d.id === datasetId);
  if (!dataset)
    throw new AppError('NOT_FOUND', `No dataset with id ${datasetId} (see: bulk-desk datasets list).`);
  const mapping = autoMatch(template, dataset.columns);
  const mapped = Object.entries(mapping.fields).map(([k, src]) =>
    src.kind === 'column'
      ? `${k} ← ${src.column}`
      : src.kind === 'template'
        ? `${k} ← "${src.template}"`
        : `${k} ← ${src.kind}`,
  );
  io.stderr.write(`Auto-matched: ${mapped.join(', ') || '(nothing)'}\n`);
  return mapping;
}

function connectionIdentity(v: Values): ConnectionIdentity {
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
function editedIdentity(current: ConnectionIdentity, v: Values): ConnectionIdentity {
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
const SECRET_WORDS: Record<SecretState, string> = {
  stored: 'in keychain',
  missing: 'missing',
  unavailable: 'keychain locked or unavailable',
};

/** A time as `2026-11-23 19:14:00` (UTC), for tables. */
export const when = (t: number | null) =>
  t === null ? '' : new Date(t).toISOString().replace('T', ' ').slice(0, 19);

function jobRow(j: JobSummary): string[] {
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
  ];
}

/** What `import` and `datasets show` print: where the rows came from, how they were read, warnings. */
function describeDataset(d: DatasetDto): string {
  const how =
    d.format === 'csv'
      ? `csv, ${d.encoding}${d.encodingConfidence === null ? ' (chosen)' : ` (${d.encodingConfidence}% sure)`}, separated by ${d.delimiter === '\t' ? 'tabs' : `"${d.delimiter}"`}`
      : `${d.format} workbook, sheet "${d.sheet}" (of ${d.sheets.map((x) => `"${x.name}"`).join(', ')})`;
  const lines = [
    `dataset  ${d.id}`,
    `file     ${d.fileName}`,
    `read as  ${how}`,
    `rows     ${d.rowCount}`,
    `columns  ${d.columns.join(', ')}`,
    ...d.warnings.map((w) => `warning  ${w}`),
  ];
  return lines.join('\n') + '\n';
}

/** A result as indented JSON on stdout: what every `--json` prints. */
export const writeJson = (io: CliIo, value: unknown) => write(io.stdout, JSON.stringify(value, null, 2) + '\n');

/** A `… list` command: one contract call, printed as JSON with --json or as a table of one row per item. */
function listCommand<T>(c: {
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
function restartCommand(
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

/** "2026-12-01 18:11:20  The LMS is busy (HTTP 503) and asked to wait: Retry-After 1 s (10 times)…" */
const eventLine = (e: JobEventDto) => `${when(e.lastAt)}  ${e.message}\n`;

async function printJob(io: CliIo, j: JobSummary, json: boolean) {
  if (json) return void (await writeJson(io, j));
  const c = j.counts;
  const lines = [
    `Job        ${j.id}`,
    `State      ${j.state}`,
    `Template   ${j.templateName} (${j.templateId})`,
    `Connection ${j.connectionName} (${j.connectionId})`,
    `Dataset    ${j.fileName} (${j.datasetId})`,
    ...(j.undoOf ? [`Undoes     job ${j.undoOf}`] : []),
    `Options    ${JSON.stringify(j.options)}`,
    `Created    ${when(j.createdAt)}   started ${when(j.startedAt) || '-'}   finished ${when(j.finishedAt) || '-'}`,
    ...(j.stopReason ? [`Stopped    ${j.stopReason.kind}: ${j.stopReason.message}`] : []),
    '',
    table(
      ['status', 'rows'],
      (
        ['succeeded', 'failed', 'skipped', 'in_doubt', 'pending', 'retry_wait', 'sending', 'total'] as const
      ).map((k) => [k, String(c[k])]),
    ),
  ];
  await write(io.stdout, lines.join('\n'));
}

export const COMMANDS: Command[] = [
  listCommand({
    words: ['connections', 'list'],
    summary: 'List saved LMS connections (never their secrets)',
    list: (s) => call(s, 'connections.list', {}),
    header: ['id', 'api', 'name', 'base url', 'identity', 'secret', 'last test'],
    row: (c) => [
      c.id,
      c.api,
      c.name,
      c.baseUrl,
      c.identity.api === 'coursepath'
        ? c.identity.email
        : c.identity.scheme === 'workspace'
          ? `workspace ${c.identity.workspaceId}`
          : `user ${c.identity.userId} (retired scheme)`,
      SECRET_WORDS[c.secretState],
      c.lastTest ? `${c.lastTest.ok ? 'ok' : 'FAILED'} ${when(c.lastTest.at)}` : 'never',
    ],
    after: (list) => {
      // A locked keychain is not a missing secret: say so, once, with what to do.
      const problem = list.find((c) => c.secretState === 'unavailable')?.secretProblem;
      return problem ? `Secrets not checked: ${problem}\n` : '';
    },
  }),
  {
    words: ['connections', 'add'],
    summary: 'Save a connection; the secret is read from stdin and goes to the OS keychain',
    details:
      'The secret is never accepted on the command line (it would land in shell history and `ps`).\n' +
      'Example:  printf %s "$KEY" | bulk-desk connections add --api coursepath --name Prod \\\n' +
      '            --base-url https://academy123xxx.coursepath.com --email admin@example.com --secret-stdin\n' +
      'Coursepath: --base-url is your academy\'s own address (there is no shared API host); the secret is the\n' +
      'academy\'s JWT SSO secret (Setup → JWT SSO), not a personal API key.\n' +
      'Coassemble: --base-url https://api.coassemble.com; --workspace-id is the number in the issued key\n' +
      'COASSEMBLE:<workspace id>:<key> (Developer → API keys); the secret is that key.',
    options: {
      api: { type: 'string' },
      name: { type: 'string' },
      'base-url': { type: 'string' },
      email: { type: 'string' },
      'workspace-id': { type: 'string' },
      'user-id': { type: 'string' },
      'secret-stdin': { type: 'boolean' },
      ...JSON_OPT,
    },
    optionHelp: [
      ['--api coursepath|coassemble', ''],
      ['--name NAME', 'as shown in the app'],
      ['--base-url URL', "the LMS's address (required; Coursepath: your academy's host)"],
      ['--email EMAIL', 'Coursepath: the acting user the JWT names'],
      ['--workspace-id ID', 'Coassemble: workspace of the API key'],
      ['--secret-stdin', 'read the JWT SSO secret (Coursepath) / workspace API key (Coassemble) from stdin (required)'],
      JSON_HELP,
    ],
    async run({ s, io, values }) {
      const identity = connectionIdentity(values);
      // No default address: each Coursepath academy has its own host (evidence.md), so a guess would be wrong.
      need(values, 'name');
      need(values, 'base-url');
      if (!values['secret-stdin'])
        throw new UsageError('--secret-stdin is required: pipe the secret on stdin, never as an argument');
      const secret = (await readAll(io.stdin)).replace(/\r?\n$/, '');
      if (!secret) throw new UsageError('no secret on stdin');
      const c = await call(svc(s), 'connections.save', {
        name: need(values, 'name'),
        baseUrl: need(values, 'base-url'),
        identity,
        secret,
      });
      await write(
        io.stdout,
        values.json
          ? JSON.stringify(c, null, 2) + '\n'
          : `Saved connection ${c.id} (${c.name}); secret stored in the OS keychain.\n`,
      );
      return EXIT.ok;
    },
  },
  {
    words: ['connections', 'edit'],
    summary: "Change a connection's name, address, account or secret (a new address needs its secret again)",
    args: '<id>',
    positionals: 1,
    details:
      'Only the flags given change. A secret is bound to the address and account it was given for: with a\n' +
      'new --base-url or identity and no --secret-stdin, the stored secret is removed, and the connection\n' +
      'needs its secret again before it can send.\n' +
      'Example:  printf %s "$KEY" | bulk-desk connections edit <id> --base-url https://eu.example.com --secret-stdin',
    options: {
      name: { type: 'string' },
      'base-url': { type: 'string' },
      email: { type: 'string' },
      'workspace-id': { type: 'string' },
      'user-id': { type: 'string' },
      'secret-stdin': { type: 'boolean' },
      ...JSON_OPT,
    },
    optionHelp: [
      ['--name NAME', 'as shown in the app'],
      ['--base-url URL', "the LMS's address"],
      ['--email EMAIL', 'Coursepath: the acting user'],
      ['--workspace-id ID', 'Coassemble: workspace of the API key'],
      ['--user-id ID', 'Coassemble: legacy user id'],
      ['--secret-stdin', 'read a new API key / signing secret from stdin'],
      JSON_HELP,
    ],
    async run({ s, io, values, args }) {
      const services = svc(s);
      const id = args[0]!;
      const flags = ['name', 'base-url', 'email', 'workspace-id', 'user-id', 'secret-stdin'];
      if (!flags.some((f) => values[f] !== undefined))
        throw new UsageError(`nothing to change: give one of ${flags.map((f) => `--${f}`).join(', ')}`);
      const current = (await call(services, 'connections.list', {})).find((c) => c.id === id);
      if (!current)
        throw new AppError('NOT_FOUND', `No connection with id ${id} (see: bulk-desk connections list).`);
      const identity = editedIdentity(current.identity, values);
      let secret: string | undefined;
      if (values['secret-stdin']) {
        secret = (await readAll(io.stdin)).replace(/\r?\n$/, '');
        if (!secret) throw new UsageError('no secret on stdin');
      }
      const c = await call(services, 'connections.save', {
        id,
        name: typeof values.name === 'string' ? values.name : current.name,
        baseUrl: typeof values['base-url'] === 'string' ? values['base-url'] : current.baseUrl,
        identity,
        ...(secret !== undefined ? { secret } : {}),
      });
      if (values.json) {
        await writeJson(io, c);
        return EXIT.ok;
      }
      let text = `Saved connection ${c.id} (${c.name})${secret !== undefined ? '; new secret stored in the OS keychain' : ''}.\n`;
      if (c.secretRemoved) {
        text +=
          'Its address or account changed, so the stored secret was removed: a key is only sent where it was given.\n' +
          `It needs a secret before it can send: bulk-desk connections edit ${c.id} --secret-stdin < key.txt\n`;
      }
      await write(io.stdout, text);
      return EXIT.ok;
    },
  },
  {
    words: ['connections', 'test'],
    summary: 'Sign one harmless read with the stored secret: who the key acts as, or why it was refused',
    args: '<id>',
    positionals: 1,
    details:
      'Coursepath: GET /api/v1/members/me · Coassemble: one course of the workspace.\n' +
      'Exit code 0 when the LMS accepted the key, 1 when it did not (or nothing answered).',
    options: JSON_OPT,
    optionHelp: [JSON_HELP],
    async run({ s, io, values, args }) {
      const r = await call(svc(s), 'connections.test', { id: args[0]! });
      if (values.json) await writeJson(io, r);
      else {
        const how = r.status === null ? '' : ` (HTTP ${r.status}, ${r.durationMs} ms)`;
        await write(io.stdout, `${r.ok ? 'OK' : 'Failed'}: ${r.message}${how}\n  ${r.url}\n`);
      }
      return r.ok ? EXIT.ok : EXIT.failed;
    },
  },
  {
    words: ['connections', 'delete'],
    summary: 'Delete a connection and its keychain entry',
    args: '<id>',
    positionals: 1,
    async run({ s, io, args }) {
      await call(svc(s), 'connections.delete', { id: args[0]! });
      await write(io.stdout, `Deleted connection ${args[0]}.\n`);
      return EXIT.ok;
    },
  },
  {
    words: ['connections', 'test'],
    summary: 'One signed read with the stored secret: who the key acts as, or which secret failed',
    args: '<id>',
    positionals: 1,
    options: JSON_OPT,
    optionHelp: [JSON_HELP],
    async run({ s, io, values, args }) {
      const r = await call(svc(s), 'connections.test', { id: args[0]! });
      if (values.json) await writeJson(io, r);
      else await write(io.stdout, `${r.ok ? 'OK' : 'FAILED'}${r.status === null ? '' : ` (HTTP ${r.status})`}: ${r.message}\n`);
      return r.ok ? EXIT.ok : EXIT.failed;
    },
  },
  {
    words: ['templates', 'list'],
    summary: 'List the endpoint templates (Coursepath and Coassemble calls)',
    options: { api: { type: 'string' }, fields: { type: 'boolean' }, ...JSON_OPT },
    optionHelp: [
      ['--api coursepath|coassemble', 'only this API'],
      ['--fields', "also list each template's fields"],
      JSON_HELP,
    ],
    services: false,
    async run({ io, values }) {
      const api = values.api as ApiKind | undefined;
      if (api !== undefined && api !== 'coursepath' && api !== 'coassemble')
        throw new UsageError('--api must be coursepath or coassemble');
      const list = TEMPLATES.filter((t) => !api || t.api === api);
      if (values.json) {
        await writeJson(io, list);
        return EXIT.ok;
      }
      if (!values.fields) {
        await write(
          io.stdout,
          table(
            ['id', 'method', 'path', 'name'],
            list.map((t) => [
              t.id,
              t.method,
              t.path,
              t.name + (t.danger === 'destructive' ? ' (destructive)' : ''),
            ]),
          ),
        );
        return EXIT.ok;
      }
      for (const t of list) {
        await write(io.stdout, `${t.id}  ${t.method} ${t.path}\n  ${t.name}\n`);
        for (const f of t.fields)
          await write(
            io.stdout,
            `    ${f.key.padEnd(20)} ${f.type.padEnd(9)} ${f.required ? 'required' : 'optional'}  ${f.label}\n`,
          );
        await write(io.stdout, '\n');
      }
      return EXIT.ok;
    },
  },
  {
    words: ['import'],
    summary: 'Import a CSV file or a workbook sheet as a dataset (prints its id, rows, columns and warnings)',
    args: '<file>',
    positionals: 1,
    details:
      'CSV / text files in any encoding Node decodes (detected, with a confidence; or --encoding), and\n' +
      'workbooks: .xlsx, .xls, .ods (the first visible sheet with data, or --sheet). The file\'s content decides\n' +
      'how it is read, not its name. Warnings (a guessed encoding, skipped blank rows, other sheets with\n' +
      'data…) are kept with the dataset: see `datasets show`.',
    options: {
      name: { type: 'string' },
      sheet: { type: 'string' },
      encoding: { type: 'string' },
      delimiter: { type: 'string' },
      ...JSON_OPT,
    },
    optionHelp: [
      ['--sheet NAME|N', "a workbook's sheet, by name or position from 1 (default: the first with data)"],
      ['--encoding E', 'a CSV\'s encoding, e.g. utf-8, windows-1252, shift_jis, gb18030, big5, euc-kr'],
      ['--delimiter D', "a CSV's separator: , ; | or tab (\\t)"],
      ['--name NAME', "file name to show in the app (default: the file's own)"],
      JSON_HELP,
    ],
    async run({ s, io, values, args }) {
      const path = resolve(args[0]!);
      const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
      const delimiter = text('delimiter')?.replace(/^\\t$|^tab$/i, '\t');
      const d = await call(svc(s), 'datasets.import', {
        source: { kind: 'path', path },
        ...(text('name') !== undefined ? { fileName: text('name')! } : {}),
        ...(text('sheet') !== undefined ? { sheet: text('sheet')! } : {}),
        ...(text('encoding') !== undefined ? { encoding: text('encoding')! } : {}),
        ...(delimiter !== undefined ? { delimiter } : {}),
      });
      if (values.json) await writeJson(io, d);
      else await write(io.stdout, describeDataset(d));
      return EXIT.ok;
    },
  },
  listCommand({
    words: ['datasets', 'list'],
    summary: 'List imported datasets',
    list: (s) => call(s, 'datasets.list', {}),
    header: ['id', 'file', 'sheet', 'rows', 'columns', 'imported'],
    row: (d) => [d.id, d.fileName, d.sheet ?? '', String(d.rowCount), String(d.columns.length), when(d.importedAt)],
  }),
  {
    words: ['datasets', 'show'],
    summary: "Show a dataset: its file, sheet or encoding (with the detector's confidence), columns and warnings",
    args: '<id>',
    positionals: 1,
    options: JSON_OPT,
    optionHelp: [JSON_HELP],
    async run({ s, io, values, args }) {
      const d = await call(svc(s), 'datasets.get', { datasetId: args[0]! });
      if (values.json) await writeJson(io, d);
      else await write(io.stdout, describeDataset(d));
      return EXIT.ok;
    },
  },
  {
    words: ['datasets', 'delete'],
    summary: 'Delete an imported dataset and give its space back to the disk (not while a job uses it)',
    args: '<id>',
    positionals: 1,
    details: 'The file it was imported from is not touched. A dataset a job was made from stays: the job\'s history shows its rows.',
    async run({ s, io, args }) {
      const services = svc(s);
      const d = await call(services, 'datasets.get', { datasetId: args[0]! });
      const r = await call(services, 'datasets.delete', { datasetId: d.id });
      await write(
        io.stdout,
        `Deleted dataset ${d.id} (${d.fileName}${d.sheet ? `, sheet ${d.sheet}` : ''}, ${r.rows} rows); ` +
          `the database shrank by ${(r.freedBytes / (1024 * 1024)).toFixed(1)} MB.\n`,
      );
      return EXIT.ok;
    },
  },
  {
    words: ['datasets', 'rows'],
    summary: "Write a dataset's stored cells, exactly as stored (CSV or JSON), for scripts and checks",
    args: '<id>',
    positionals: 1,
    details:
      'CSV: the header, then one line per row, RFC 4180 quoting, CRLF between rows, no byte-order mark and no\n' +
      'formula escaping (cells are exactly as stored; open it in a spreadsheet with care). JSON: {"id",\n' +
      '"columns", "rows": [{"rowNumber", "cells"}]} with rows numbered as the spreadsheet numbers them.',
    options: { format: { type: 'string' }, out: { type: 'string' } },
    optionHelp: [
      ['--format csv|json', 'required'],
      ['--out FILE', 'default stdout'],
    ],
    async run({ s, io, values, args }) {
      const format = values.format;
      if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
      const services = svc(s);
      const d = await call(services, 'datasets.get', { datasetId: args[0]! }); // NOT_FOUND before any file is made
      const file = typeof values.out === 'string' ? openAtomicStream(resolve(values.out)) : null;
      const out = file?.stream ?? io.stdout;
      let rows = 0;
      try {
        await write(
          out,
          format === 'csv'
            ? csvLine(d.columns, { escapeFormulas: false })
            : `{"id":${JSON.stringify(d.id)},"columns":${JSON.stringify(d.columns)},"rows":[`,
        );
        for (let offset = 0; ; ) {
          const page = await call(services, 'datasets.rows', { datasetId: d.id, offset, limit: 1000 });
          let chunk = '';
          for (const r of page.items) {
            chunk +=
              format === 'csv'
                ? csvLine(r.cells, { escapeFormulas: false })
                : `${rows === 0 ? '\n' : ',\n'}${JSON.stringify({ rowNumber: r.rowNumber, cells: r.cells })}`;
            rows++;
          }
          if (chunk) await write(out, chunk);
          offset += page.items.length;
          if (page.items.length < 1000) break;
        }
        if (format === 'json') await write(out, rows ? '\n]}\n' : ']}\n');
        await file?.commit();
      } catch (e) {
        await file?.abort();
        throw e;
      }
      if (file) io.stderr.write(`Wrote ${rows} row(s) to ${values.out}\n`);
      return EXIT.ok;
    },
  },
  {
    words: ['mappings', 'auto'],
    summary: 'Propose a mapping for a dataset and template (save it, edit it, pass it to run --mapping)',
    details:
      'A mapping file is JSON: { "fields": { "<field key>": { "kind": "column", "column": "<header>" }, … } }\n(see src-shared/mapping/types.ts for constants, templates and transforms).',
    options: { dataset: { type: 'string' }, template: { type: 'string' }, out: { type: 'string' } },
    optionHelp: [
      ['--dataset ID', ''],
      ['--template ID', ''],
      ['--out FILE', 'write the mapping here instead of stdout'],
    ],
    async run({ s, io, values }) {
      const mapping = await mappingFor(
        svc(s),
        io,
        { auto: true },
        need(values, 'dataset'),
        need(values, 'template'),
      );
      const text = JSON.stringify(mapping, null, 2) + '\n';
      if (typeof values.out === 'string') {
        const out = createWriteStream(resolve(values.out));
        out.end(text);
        await finished(out);
        io.stderr.write(`Wrote ${values.out}\n`);
      } else await write(io.stdout, text);
      return EXIT.ok;
    },
  },
  {
    words: ['mappings', 'show'],
    summary: 'Print the working mapping the app keeps for a dataset and template (as JSON)',
    details:
      'The Map screen saves its mapping as it is edited, per dataset and template, in the data folder\'s\n' +
      'database: this prints it, transforms and lookups included. `run` and `mappings check` use it when\n' +
      'neither --mapping nor --auto is given. Exit code 1 when there is none.',
    options: { dataset: { type: 'string' }, template: { type: 'string' }, out: { type: 'string' } },
    optionHelp: [
      ['--dataset ID', 'from `datasets list`'],
      ['--template ID', 'from `templates list` (coassemble.manual for a manual configuration)'],
      ['--out FILE', 'write it here instead of stdout (a file `run --mapping` reads)'],
    ],
    async run({ s, io, values }) {
      const datasetId = need(values, 'dataset');
      const templateId = need(values, 'template');
      const working = await call(svc(s), 'mappings.working', { datasetId, templateId });
      if (!working) {
        io.stderr.write(`No working mapping for dataset ${datasetId} and template ${templateId}: map it in the app first.\n`);
        return EXIT.failed;
      }
      const text = JSON.stringify(working.mapping, null, 2) + '\n';
      io.stderr.write(
        `Working mapping of dataset ${datasetId}, ${templateId}${working.connectionId ? `, connection ${working.connectionId}` : ''}, saved ${when(working.updatedAt)}\n`,
      );
      if (typeof values.out === 'string') {
        const out = createWriteStream(resolve(values.out));
        out.end(text);
        await finished(out);
        io.stderr.write(`Wrote ${values.out}\n`);
      } else await write(io.stdout, text);
      return EXIT.ok;
    },
  },
  {
    words: ['mappings', 'check'],
    summary: 'Build the requests for the first rows and show them (auth redacted) with any problems',
    options: {
      dataset: { type: 'string' },
      connection: { type: 'string' },
      template: { type: 'string' },
      mapping: { type: 'string' },
      auto: { type: 'boolean' },
      rows: { type: 'string' },
      ...JSON_OPT,
    },
    optionHelp: [
      ['--dataset ID', ''],
      ['--connection ID', ''],
      ['--template ID', ''],
      ['--mapping FILE | --auto', 'default: the working mapping the app keeps (mappings show)'],
      ['--rows N', 'how many rows (default 3)'],
      JSON_HELP,
    ],
    async run({ s, io, values }) {
      const services = svc(s);
      const datasetId = need(values, 'dataset');
      const templateId = need(values, 'template');
      const mapping = await mappingFor(services, io, values, datasetId, templateId);
      const limit = positiveNumber(values, 'rows', true) ?? 3;
      const previews = await call(services, 'requests.preview', {
        datasetId,
        connectionId: need(values, 'connection'),
        templateId,
        mapping,
        offset: 0,
        limit: Math.min(limit, 1000),
      });
      if (values.json) {
        await writeJson(io, previews);
      } else {
        for (const p of previews) {
          let text = `Row ${p.rowNumber}: ${p.method} ${p.url}\n`;
          for (const [k, v] of Object.entries(p.headers)) text += `  ${k}: ${v}\n`;
          if (p.body !== null) text += `  ${p.body}\n`;
          for (const i of p.issues) text += `  ${i.level.toUpperCase()} ${i.message}\n`;
          await write(io.stdout, text + '\n');
        }
      }
      return previews.some((p) => p.issues.some((i) => i.level === 'error')) ? EXIT.failed : EXIT.ok;
    },
  },
  {
    words: ['run'],
    summary: 'Create a job from a dataset, connection, template and mapping, send it, and wait',
    details:
      'The CLI is the process that sends, so `run` stays until the job settles (--wait is implied; it is\n' +
      'accepted for scripts that pass it). Progress goes to stderr, the job id to stdout. Ctrl+C pauses the\n' +
      'job after the requests in flight; `bulk-desk jobs resume <id>` (or the app) carries on.\n' +
      '--dry-run builds and checks every row (nothing is sent, no job is created) and reports what each\n' +
      'would do: be sent, be skipped as a duplicate of an earlier row (same key, e.g. the same email), be\n' +
      'skipped as already sent (the key succeeded on this connection and template before, in a job or a\n' +
      'test send), or be invalid. A real run skips duplicates and rows already sent unless\n' +
      '--allow-duplicates or --resend says otherwise. A template that deletes, removes or overwrites data\n' +
      'needs --confirm with the phrase it prints (exit code 2 without it).\n' +
      'Without --mapping or --auto, the working mapping the app keeps for the dataset and template is used\n' +
      '(the Map screen saves it as it is edited; print it with `bulk-desk mappings show`).\n' +
      'Exit code 0 only when the job completed with every row sent; 1 when rows failed, were skipped as\n' +
      'invalid or are in doubt; 3 when the app paused the job (a circuit breaker: see the reason).\n' +
      '--recipe FILE|ID runs a recipe instead of one template: several steps per row, each with the mapping\n' +
      'the recipe file gives it (a file on disk, or a saved or built-in recipe: bulk-desk recipes list).\n' +
      'The dry run then counts per step; a recipe with destructive steps needs --confirm with its phrase.',
    options: {
      dataset: { type: 'string' },
      connection: { type: 'string' },
      template: { type: 'string' },
      recipe: { type: 'string' },
      'skip-step': { type: 'string', multiple: true },
      mapping: { type: 'string' },
      auto: { type: 'boolean' },
      plan: { type: 'string' },
      rate: { type: 'string' },
      concurrency: { type: 'string' },
      'max-attempts': { type: 'string' },
      'dry-run': { type: 'boolean' },
      confirm: { type: 'string' },
      resend: { type: 'boolean' },
      'allow-duplicates': { type: 'boolean' },
      'failure-breaker': { type: 'string' },
      canary: { type: 'string' },
      'read-back': { type: 'string' },
      'no-undo': { type: 'boolean' },
      wait: { type: 'boolean' },
      ...JSON_OPT,
    },
    optionHelp: [
      ['--dataset ID', 'from `import` or `datasets list`'],
      ['--connection ID', 'from `connections list`'],
      ['--template ID', 'from `templates list`'],
      ['--recipe FILE|ID', 'a recipe (YAML/JSON file, or the id of a saved or built-in one) instead of --template'],
      ['--skip-step ID', "switch a recipe's optional step off for this run (repeatable)"],
      ['--mapping FILE', 'a saved mapping (JSON)'],
      ['--auto', 'auto-match columns to fields instead'],
      ['', 'neither: the working mapping the app keeps for this dataset and template (mappings show)'],
      ['--plan PLAN_ID', "send a plan's creates and updates (from `bulk-desk plan`) instead of a whole file"],
      ['--rate N', "requests per second (default: the API's documented limit)"],
      ['--concurrency N|auto', 'requests in flight, pinned to N (1–64); default auto: raised while the LMS answers as fast, lowered when it slows or refuses'],
      ['--max-attempts N', 'attempts per row for retryable errors (default 5)'],
      ['--dry-run', 'check every row, send nothing'],
      ['--confirm PHRASE', 'the phrase a destructive template needs, e.g. "DELETE 3 courses on Acme"'],
      ['--resend', 'also send rows whose key already succeeded on this connection and template'],
      ['--allow-duplicates', 'also send rows that repeat an earlier row\'s key (default: only the first)'],
      ['--failure-breaker N/W|off', 'pause when more than N of the last W rows fail (default 20/50)'],
      ['--canary N', 'send the first N rows, then pause to look (default 5 on a real LMS, 0 on the sandbox; 0 = off)'],
      ['--read-back canary|all|off', 'read writes back from the LMS to check they took (default canary: the canary rows)'],
      ['--no-undo', "don't read each row's target before writing it (the job then cannot be undone)"],
      ['--wait', 'wait for the job to finish (always on, see above)'],
      ['--json', 'print the final job summary as JSON on stdout'],
    ],
    async run({ s, io, values }) {
      const services = svc(s);
      if (typeof values.plan === 'string') return runPlan(services, io, values);
      const datasetId = need(values, 'dataset');
      const connectionId = need(values, 'connection');
      const recipe = recipeFlags(values);
      const rate = positiveNumber(values, 'rate', false);
      const concurrency = values.concurrency === 'auto' ? undefined : positiveNumber(values, 'concurrency', true);
      if (concurrency !== undefined && concurrency > 64) throw new UsageError('--concurrency must be 1–64, or auto');
      const maxAttempts = positiveNumber(values, 'max-attempts', true);
      const breaker = failureBreaker(values['failure-breaker']);
      const canary = wholeNumber(values, 'canary');
      const readBack = values['read-back'];
      if (readBack !== undefined && readBack !== 'canary' && readBack !== 'all' && readBack !== 'off')
        throw new UsageError('--read-back must be canary, all or off');
      const choices = {
        ...(values.resend ? { resend: true } : {}),
        ...(values['allow-duplicates'] ? { allowDuplicates: true } : {}),
      };
      if (recipe) {
        // A recipe: its steps' own mappings (src-main/cli/recipeCommands.ts).
        return runRecipe(services, io, {
          ...recipe,
          datasetId,
          connectionId,
          choices,
          options: {
            ...(rate !== undefined ? { ratePerSecond: rate } : {}),
            ...(concurrency !== undefined ? { concurrency } : {}),
            ...(maxAttempts !== undefined ? { maxAttempts } : {}),
            ...(breaker !== undefined ? { breaker } : {}),
            ...(canary !== undefined ? { canary } : {}),
            ...(readBack !== undefined ? { readBack } : {}),
          },
          dryRun: values['dry-run'] === true,
          json: values.json === true,
          confirm: typeof values.confirm === 'string' ? values.confirm : undefined,
        });
      }
      const templateId = need(values, 'template');
      const mapping = await mappingFor(services, io, values, datasetId, templateId);
      const spec = { datasetId, connectionId, templateId, mapping };
      const plan = await call(services, 'jobs.preflight', { ...spec, ...choices });
      if (values['dry-run']) return dryRun(io, plan, values.json === true);
      // A destructive template: the phrase names what and where; refused here, before a job exists.
      const confirm = typeof values.confirm === 'string' ? values.confirm : undefined;
      if (!isConfirmed(plan.confirmation, confirm)) {
        const n = plan.counts.wouldSend;
        throw new AppError(
          'CONFLICT',
          `${confirm === undefined ? 'Not confirmed' : 'The phrase does not match'}: "${plan.template.name}" changes or removes data in "${plan.connection.name}" and cannot be undone; this run would send ${n} row${n === 1 ? '' : 's'}. Nothing was sent.`,
          { field: 'confirm', phrase: plan.confirmation ?? '' },
        );
      }
      await describePlan(io, plan);
      if (plan.counts.wouldSend === 0) {
        io.stderr.write('Nothing to send: no job was created.\n');
        return plan.counts.invalid ? EXIT.failed : EXIT.ok;
      }
      const job = await call(services, 'jobs.create', {
        ...spec,
        options: {
          ...(rate !== undefined ? { ratePerSecond: rate } : {}),
          ...(concurrency !== undefined ? { concurrency } : {}),
          ...(maxAttempts !== undefined ? { maxAttempts } : {}),
          ...(breaker !== undefined ? { breaker } : {}),
          ...choices,
          ...(canary !== undefined ? { canary } : {}),
          ...(readBack !== undefined ? { readBack } : {}),
          ...(values['no-undo'] ? { undo: false } : {}),
        },
      });
      if (!values.json) await write(io.stdout, `${job.id}\n`);
      io.stderr.write(
        `Job ${job.id}: ${job.counts.total} rows → ${job.templateName} on ${job.connectionName}\n`,
      );
      const start = { jobId: job.id, ...(confirm !== undefined ? { confirm } : {}) };
      await call(services, 'jobs.start', start as Input<'jobs.start'>);
      const { summary, code } = await followJob(services, io, job.id);
      if (values.json) await writeJson(io, summary);
      return code;
    },
  },
  listCommand({
    words: ['jobs', 'list'],
    summary: 'List jobs, newest first (the same history the app shows)',
    list: (s) => call(s, 'jobs.list', {}),
    header: ['id', 'state', 'template', 'connection', 'file', 'ok/total', 'failed', 'created'],
    row: jobRow,
  }),
  {
    words: ['jobs', 'show'],
    summary: "Show a job's settings and its rows per status",
    args: '<job-id>',
    positionals: 1,
    options: JSON_OPT,
    optionHelp: [JSON_HELP],
    async run({ s, io, values, args }) {
      const job = await call(svc(s), 'jobs.get', { jobId: args[0]! });
      await printJob(io, job, values.json === true);
      if (values.json !== true) {
        // The last few things the job said about itself (throttling, failures, pauses): `jobs events` has all.
        const events = await call(svc(s), 'jobs.events', { jobId: job.id, limit: 5 });
        if (events.length) await write(io.stdout, `\nWhat happened (latest; bulk-desk jobs events ${job.id} for more)\n${events.map(eventLine).join('')}`);
      }
      return EXIT.ok;
    },
  },
  {
    words: ['jobs', 'events'],
    summary: 'What a job said about itself: the LMS asking to slow down, failures, pauses (oldest first)',
    args: '<job-id>',
    positionals: 1,
    options: JSON_OPT,
    optionHelp: [JSON_HELP],
    async run({ s, io, values, args }) {
      const events = await call(svc(s), 'jobs.events', { jobId: args[0]! });
      if (values.json === true) await writeJson(io, events);
      else await write(io.stdout, events.length ? events.map(eventLine).join('') : 'Nothing recorded yet.\n');
      return EXIT.ok;
    },
  },
  {
    words: ['jobs', 'export'],
    summary: "Export a job's results (CSV or JSON), its failed rows ready to fix and import again, or its audit record",
    args: '<job-id>',
    positionals: 1,
    details:
      'CSV: the input columns, then Row, Outcome, HTTP status, Attempts, Error, Note, Key and the captured\n' +
      'response fields (e.g. Member ID), named as the app\'s History shows them. With --only failed: the rows that did not go through (failed, skipped) with their original\n' +
      'columns only; rows in doubt are never in it (they may have reached the LMS: bulk-desk jobs in-doubt).\n' +
      "Cells starting with = + - @ are prefixed with ' so spreadsheets never run them as formulas.\n" +
      'No request header or secret is ever exported.\n' +
      '--format audit: one file for an auditor: the job\'s record (the file\'s name, size and SHA-256, who ran it\n' +
      'on which machine and app version, the connection without its secret, template, mapping, options, plan,\n' +
      'start, end, counts), then one record per row with every request it made (Authorization redacted) and\n' +
      'its outcome. JSON Lines; a zip of job.json, rows.csv and requests.csv when --out ends in .zip.',
    options: { format: { type: 'string' }, out: { type: 'string' }, only: { type: 'string' } },
    optionHelp: [
      ['--format csv|json|audit', 'default csv'],
      ['--out FILE', 'default stdout'],
      ['--only failed', 'only the rows to fix and send again'],
    ],
    async run({ s, io, values, args }) {
      const format = (values.format ?? 'csv') as ExportFormat | 'audit';
      if (format !== 'csv' && format !== 'json' && format !== 'audit')
        throw new UsageError('--format must be csv, json or audit');
      if (format === 'audit' && values.only !== undefined) throw new UsageError('--only does not apply to --format audit');
      if (values.only !== undefined && values.only !== 'failed')
        throw new UsageError('--only accepts: failed');
      const services = svc(s);
      await call(services, 'jobs.get', { jobId: args[0]! }); // NOT_FOUND before any file is created
      // --out: written beside the file and renamed into place when complete, so a killed export never
      // leaves a partial file that looks like a result (services/atomicFile.ts).
      const file = typeof values.out === 'string' ? openAtomicStream(resolve(values.out)) : null;
      let rows: number;
      try {
        ({ rows } =
          format === 'audit'
            ? await exportAudit(services, file?.stream ?? io.stdout, args[0]!, /\.zip$/i.test(String(values.out ?? '')) ? 'zip' : 'jsonl')
            : await exportJob(services, file?.stream ?? io.stdout, {
                jobId: args[0]!,
                format,
                onlyFailed: values.only === 'failed',
              }));
        await file?.commit();
      } catch (e) {
        await file?.abort();
        throw e;
      }
      if (file) io.stderr.write(`Wrote ${rows} row(s) to ${values.out}\n`);
      return EXIT.ok;
    },
  },
  restartCommand(
    ['jobs', 'resume'],
    'Resume a paused or interrupted job, or send the rows a cancelled job never sent, and wait',
    'jobs.resume',
    'Only rows never sent go (and rows waiting for a retry); rows that succeeded, failed or are in doubt\n' +
      'stay as they are. A destructive template asks again for its phrase when the job was cancelled.',
  ),
  restartCommand(
    ['jobs', 'retry-failed'],
    "Send a finished job's failed rows again and wait",
    'jobs.retryFailed',
    'A destructive template asks for its phrase again, naming how many rows would go.',
  ),
  {
    words: ['jobs', 'cancel'],
    summary: 'Cancel a job that has not finished (its history stays)',
    args: '<job-id>',
    positionals: 1,
    async run({ s, io, args }) {
      const j = await call(svc(s), 'jobs.cancel', { jobId: args[0]! });
      await write(io.stdout, `Job ${j.id} is ${j.state}.\n`);
      return EXIT.ok;
    },
  },
];

/** `--failure-breaker 20/50` or `off`; absent: the default. */
export function failureBreaker(v: Values[string]): { failures: number; window: number } | null | undefined {
  if (v === undefined) return undefined;
  if (v === 'off') return null;
  const m = typeof v === 'string' ? /^(\d+)\/(\d+)$/.exec(v) : null;
  const failures = Number(m?.[1]);
  const window = Number(m?.[2]);
  if (!m || failures < 1 || window < 1 || failures > window)
    throw new UsageError('--failure-breaker must be N/W (e.g. 20/50: more than 20 of the last 50 rows) or off');
  return { failures, window };
}

/** The preflight's findings on stderr: what will be skipped and why, before the job starts. */
async function describePlan(io: CliIo, p: PreflightDto): Promise<void> {
  const c = p.counts;
  if (c.duplicate) {
    io.stderr.write(
      `${c.duplicate} row${c.duplicate === 1 ? '' : 's'} repeat an earlier row's key and will be skipped (only the first is sent; --allow-duplicates sends them):\n`,
    );
    for (const d of p.duplicates.slice(0, 10)) io.stderr.write(`  row ${d.rowNumber} repeats row ${d.firstRow} (${d.key})\n`);
  }
  if (c.alreadySent) {
    io.stderr.write(
      `${c.alreadySent} row${c.alreadySent === 1 ? ' was' : 's were'} already sent and will be skipped (--resend sends them again):\n`,
    );
    for (const g of p.alreadySent.slice(0, 10)) io.stderr.write(`  ${g.rows} by ${describePrior(g)}\n`);
  }
  if (c.invalid) {
    io.stderr.write(`${c.invalid} row${c.invalid === 1 ? ' is' : 's are'} invalid and will be skipped:\n`);
    for (const r of p.invalid.slice(0, 10)) io.stderr.write(`  ${r.message}\n`);
  }
}

async function dryRun(io: CliIo, p: PreflightDto, json: boolean): Promise<number> {
  const c = p.counts;
  const skipped = c.duplicate + c.alreadySent + c.invalid;
  if (json)
    await writeJson(io, {
      ...p,
      // The first shape of this answer, kept for scripts written against it.
      wouldSend: c.wouldSend,
      wouldSkip: skipped,
      withWarnings: c.warnings,
      examples: p.invalid.slice(0, 10).map((r) => r.message),
    });
  else {
    await write(
      io.stdout,
      `Dry run: ${p.rows} rows: ${c.wouldSend} would be sent, ${c.duplicate} skipped as duplicates, ` +
        `${c.alreadySent} skipped as already sent, ${c.invalid} invalid, ${c.warnings} with warnings. Nothing was sent.\n`,
    );
    if (p.confirmation) await write(io.stdout, `A real run needs: --confirm "${p.confirmation}"\n`);
    await describePlan(io, p);
  }
  return c.invalid ? EXIT.failed : EXIT.ok;
}
