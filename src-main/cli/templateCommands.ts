// `templates list` and `templates show`: the calls a job can make. The catalog's templates, and the
// manual configuration (coassemble.manual), which is no catalog template but one of the calls an admin
// can choose: listed after them, marked "(manual)".
import {
  getTemplate,
  MANUAL_LISTING,
  TEMPLATES,
  type ManualListing,
} from '../../src-shared/connectors/catalog';
import { MANUAL_TEMPLATE_ID } from '../../src-shared/connectors/customTemplate';
import type { ApiKind, Template } from '../../src-shared/connectors/types';
import { AppError } from '../../src-shared/contract/errors';
import { EXIT, table, UsageError, write } from './io';
import { type Command, JSON_OPT, JSON_HELP, writeJson } from './commandKit';

type Listed = Template | ManualListing;

const isManual = (t: Listed): t is ManualListing => 'manual' in t && t.manual;

function methodOf(t: Listed): string {
  return isManual(t) ? t.methods.join('|') : t.method;
}

function pathOf(t: Listed): string {
  return isManual(t) ? '(any /api/… path, set in the mapping)' : t.path;
}

function nameOf(t: Listed): string {
  return t.name + (isManual(t) ? ' (manual)' : t.danger === 'destructive' ? ' (destructive)' : '');
}

function fieldLines(t: Listed): string {
  if (isManual(t))
    return '    one body field per column of the file, and one per {Column} placeholder in the URL\n';
  return t.fields
    .map(
      (f) =>
        `    ${f.key.padEnd(20)} ${f.type.padEnd(9)} ${f.required ? 'required' : 'optional'}  ${f.label}\n` +
        choiceLines(f),
    )
    .join('');
}

/** An enum field's choices under it, each with what it does where the template says (a mapping needs one). */
function choiceLines(f: Listed['fields'][number]): string {
  const pad = ' '.repeat(4 + 20 + 1 + 9 + 1 + 8 + 2); // under the label
  const quoted = (f.options ?? []).map((o) => JSON.stringify(o));
  const width = Math.max(0, ...quoted.map((q) => q.length));
  return (f.options ?? [])
    .map((o, i) => {
      const what = f.optionHelp?.[o];
      return `${pad}${what ? `${quoted[i]!.padEnd(width)}  ${what}` : quoted[i]}\n`;
    })
    .join('');
}

// Where a manual configuration is set: the keys of the mapping's "manual" object (ManualConfig).
const MANUAL_SETTINGS =
  'Set in the mapping file\'s "manual" object (the Map screen\'s "configure manually" saves the same):\n' +
  '  "method"   POST, PUT or DELETE\n' +
  '  "url"      a path under the API, e.g. /api/v1/headless/course/{Course ID}/publish ({Column}: from the row)\n' +
  '  "headers"  extra request headers (never a credential: Bulk Desk signs each call from the keychain)\n' +
  '  "exclude"  columns left out of the body\n' +
  '  "types"    per-column types; a column without one is sent as the text in its cell\n' +
  '  "batch"    records per call, e.g. { "size": 100, "grouping": { "kind": "sequential" } }\n' +
  '  "capture"  response fields kept with each row, e.g. { "Course ID": "id" }\n' +
  'Check it on a file with: bulk-desk mappings check --template coassemble.manual --dataset <id> --connection <id> --mapping <file>\n';

export const TEMPLATE_COMMANDS: Command[] = [
  {
    words: ['templates', 'list'],
    summary: 'List the endpoint templates (Coursepath and Coassemble calls, and the manual configuration)',
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
      const all: Listed[] = [...TEMPLATES, MANUAL_LISTING];
      const list = all.filter((t) => !api || t.api === api);
      if (values.json) {
        await writeJson(io, list);
        return EXIT.ok;
      }
      if (!values.fields) {
        await write(
          io.stdout,
          table(
            ['id', 'method', 'path', 'name'],
            list.map((t) => [t.id, methodOf(t), pathOf(t), nameOf(t)]),
          ),
        );
        return EXIT.ok;
      }
      for (const t of list)
        await write(io.stdout, `${t.id}  ${methodOf(t)} ${pathOf(t)}\n  ${nameOf(t)}\n${fieldLines(t)}\n`);
      return EXIT.ok;
    },
  },
  {
    words: ['templates', 'show'],
    summary: 'Show one template: its call, what it does, its fields (the manual one: how it is set)',
    args: '<template-id>',
    positionals: 1,
    options: JSON_OPT,
    optionHelp: [JSON_HELP],
    services: false,
    async run({ io, values, args }) {
      const id = args[0]!;
      const t: Listed | undefined = id === MANUAL_TEMPLATE_ID ? MANUAL_LISTING : getTemplate(id);
      if (!t) throw new AppError('NOT_FOUND', `No template with id ${id} (see: bulk-desk templates list).`);
      if (values.json) return (await writeJson(io, t), EXIT.ok);
      await write(
        io.stdout,
        `${t.id}  ${methodOf(t)} ${pathOf(t)}\n${nameOf(t)}\n${t.description}\n\n` +
          (isManual(t) ? MANUAL_SETTINGS : `Fields:\n${fieldLines(t)}`),
      );
      return EXIT.ok;
    },
  },
];
