// `import`, `datasets …` and `mappings …`: what a job is made from (`templates …` in templateCommands.ts).
import { resolve } from 'node:path';
import type { DatasetDto } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { delimiterProblem, MAX_DELIMITER_LENGTH } from '../../src-shared/dataset/delimiter';
import { csvLine } from '../../src-shared/export/csv';
import { isFormType, parseFormBody } from '../../src-shared/mapping/formBody';
import { UNREADABLE_FILE_FIELD } from '../../src-shared/util/unreadableFile';
import { call, EXIT, UsageError, write } from './io';
import {
  type Command,
  JSON_OPT,
  JSON_HELP,
  need,
  svc,
  positiveNumber,
  mappingFor,
  knownIds,
  when,
  describeDataset,
  writeJson,
  listCommand,
  writeRowsOut,
  writeTextOut,
} from './commandKit';
import { ALONE_SUMMARIES } from './commandIndex';

export const DATASET_COMMANDS: Command[] = [
  {
    words: ['import'],
    summary: ALONE_SUMMARIES.import,
    args: '<file>',
    positionals: 1,
    details:
      'CSV / text files in any encoding Node decodes (detected, with a confidence; or --encoding), and\n' +
      "workbooks: .xlsx, .xls, .ods (the first visible sheet with data, or --sheet). The file's content decides\n" +
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
      ['--encoding E', "a CSV's encoding, e.g. utf-8, windows-1252, shift_jis, gb18030, big5, euc-kr"],
      ['--delimiter D', "a CSV's separator: , ; | or tab (\\t), or any text of up to 8 characters"],
      ['--name NAME', "file name to show in the app (default: the file's own)"],
      JSON_HELP,
    ],
    async run({ s, io, values, args }) {
      const path = resolve(args[0]!);
      const text = (name: string) =>
        typeof values[name] === 'string' ? (values[name] as string) : undefined;
      const delimiter = text('delimiter')?.replace(/^\\t$|^tab$/i, '\t');
      const problem = delimiter === undefined ? undefined : delimiterProblem(delimiter);
      if (problem) {
        throw new UsageError(
          `--delimiter ${JSON.stringify(text('delimiter'))}: ${problem}. ` +
            `Use , ; | or tab (\\t), or any text of up to ${MAX_DELIMITER_LENGTH} characters without quotes or line breaks.`,
        );
      }
      let d: DatasetDto;
      try {
        d = await call(svc(s), 'datasets.import', {
          source: { kind: 'path', path },
          ...(text('name') !== undefined ? { fileName: text('name')! } : {}),
          ...(text('sheet') !== undefined ? { sheet: text('sheet')! } : {}),
          ...(text('encoding') !== undefined ? { encoding: text('encoding')! } : {}),
          ...(delimiter !== undefined ? { delimiter } : {}),
        });
      } catch (e) {
        // An encoding Node does not know, or a sheet the workbook does not have (known only once it is
        // open): wrong usage, named with what is allowed. A file whose content is bad stays exit 1.
        const field = e instanceof AppError && e.code === 'INVALID_INPUT' ? e.details?.field : undefined;
        if (field === 'encoding' || field === 'sheet' || field === 'delimiter')
          throw new UsageError(`--${field}: ${(e as AppError).message}`);
        // No file at the path, a folder, or one this user may not read: the path given is wrong (exit 2),
        // as a missing recipe or mapping file is (cli/readFileArg.ts), in the same words.
        if (e instanceof AppError && e.details?.field === UNREADABLE_FILE_FIELD) throw new UsageError(e.message);
        throw e;
      }
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
    row: (d) => [
      d.id,
      d.fileName,
      d.sheet ?? '',
      String(d.rowCount),
      String(d.columns.length),
      when(d.importedAt),
    ],
  }),
  {
    words: ['datasets', 'show'],
    summary:
      "Show a dataset: its file, sheet or encoding (with the detector's confidence), columns and warnings",
    args: '<dataset-id>',
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
    args: '<dataset-id>',
    positionals: 1,
    details:
      "The file it was imported from is not touched. A dataset a job was made from stays: the job's history shows its rows.",
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
    args: '<dataset-id>',
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
      await writeRowsOut(io, values.out, async (out) => {
        let rows = 0;
        await write(
          out,
          format === 'csv'
            ? csvLine(d.columns, { escapeFormulas: false })
            : `{"id":${JSON.stringify(d.id)},"columns":${JSON.stringify(d.columns)},"rows":[`,
        );
        for (let offset = 0; ;) {
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
        return rows;
      }, services);
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
        undefined,
        { ...(typeof values.out === 'string' ? { out: values.out } : {}) },
      );
      await writeTextOut(io, values.out, JSON.stringify(mapping, null, 2) + '\n', svc(s));
      return EXIT.ok;
    },
  },
  {
    words: ['mappings', 'show'],
    summary: 'Print the working mapping the app keeps for a dataset and template (as JSON)',
    details:
      "The Map screen saves its mapping as it is edited, per dataset and template, in the data folder's\n" +
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
      await knownIds(svc(s), datasetId, templateId);
      const working = await call(svc(s), 'mappings.working', { datasetId, templateId });
      if (!working) {
        io.stderr.write(
          `No working mapping for dataset ${datasetId} and template ${templateId}: map it in the app first.\n`,
        );
        return EXIT.failed;
      }
      const text = JSON.stringify(working.mapping, null, 2) + '\n';
      io.stderr.write(
        `Working mapping of dataset ${datasetId}, ${templateId}${working.connectionId ? `, connection ${working.connectionId}` : ''}, saved ${when(working.updatedAt)}\n`,
      );
      await writeTextOut(io, values.out, text, svc(s));
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
      ['--connection ID', 'its id or name'],
      ['--template ID', ''],
      ['--mapping FILE | --auto', 'default: the working mapping the app keeps (mappings show)'],
      ['--rows N', 'how many rows (default 3)'],
      JSON_HELP,
    ],
    async run({ s, io, values }) {
      const services = svc(s);
      const datasetId = need(values, 'dataset');
      const templateId = need(values, 'template');
      const connectionId = need(values, 'connection');
      const mapping = await mappingFor(services, io, values, datasetId, templateId, connectionId);
      const limit = positiveNumber(values, 'rows', true) ?? 3;
      const previews = await call(services, 'requests.preview', {
        datasetId,
        connectionId,
        templateId,
        mapping,
        offset: 0,
        limit: Math.min(limit, 1000),
      });
      if (values.json) {
        await writeJson(io, previews);
      } else {
        for (const p of previews) {
          // A row whose request could not be built has no address: its problems say why.
          let text = p.url
            ? `Row ${p.rowNumber}: ${p.method} ${p.url}\n`
            : `Row ${p.rowNumber}: no request can be built from it:\n`;
          for (const [k, v] of Object.entries(p.headers)) text += `  ${k}: ${v}\n`;
          if (p.body !== null) text += bodyText(p.body, p.headers);
          for (const i of p.issues) text += `  ${i.level.toUpperCase()} ${i.message}\n`;
          await write(io.stdout, text + '\n');
        }
      }
      return previews.some((p) => p.issues.some((i) => i.level === 'error')) ? EXIT.failed : EXIT.ok;
    },
  },
];

/**
 * A request body as `mappings check` prints it: a form body as its decoded fields, as the app's request
 * panel lists them (`name: Nguyễn O'Brien`, not `name=Nguy%E1%BB%85n+O%27Brien`); any other body as sent.
 * --json keeps the bytes.
 */
function bodyText(body: string, headers: Readonly<Record<string, string>>): string {
  if (!isFormType(headers)) return `  ${body}\n`;
  const fields = parseFormBody(body).map(
    ([name, value]) => `    ${name}: ${value === '' ? '(empty)' : value}\n`,
  );
  return `  Body (form fields, decoded):\n${fields.join('')}`;
}
