// The CLI's recipes: list, show, export, import and delete them, and `run --recipe FILE|ID`, which runs one
// over a dataset: the per-step preflight (with --dry-run, all it does), the destructive steps' phrase, the
// job, and its progress — through the same contract calls as the Recipes screen.
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { recipeUndoSentence } from '../../src-shared/undo/undoSentence';
import type { JobOptions, RecipeDto, RecipePreflightDto } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import type { Recipe } from '../../src-shared/recipes/types';
import { isConfirmed } from '../../src-shared/runner/confirmGuard';
import { plural } from '../../src-shared/util/plural';
import { knownToSend, readBackRequests, recipeRequests, stepRequests } from '../../src-shared/undo/recipeRequests';
import { canarySize } from '../runner/canary';
import type { Services } from '../services';
import { call, EXIT, table, UsageError, write, type CliIo } from './io';
import { JSON_HELP, JSON_OPT, svc, writeJson, writeTextOut, type Command, type Values } from './commandKit';
import { followJob } from './progress';
import { startMadeJob } from './startJob';
import { readFileArg } from './readFileArg';

/** `--recipe FILE|ID`: a recipe file (YAML or JSON) when one is at that path, else a saved or built-in recipe's id. */
export async function recipeArg(s: Services, arg: string): Promise<Recipe> {
  const path = resolve(arg);
  if (existsSync(path)) {
    // Loaded here, not at the top: its YAML reader and schemas are not needed to start the CLI (`--help`).
    const { parseRecipeText } = await import('../../src-shared/recipes/recipeFile');
    const parsed = parseRecipeText(readFileArg(arg, '--recipe'), basename(path));
    if (!parsed.ok) throw new AppError('INVALID_INPUT', parsed.message, { field: 'recipe' });
    return parsed.recipe;
  }
  try {
    return (await call(s, 'recipes.get', { id: arg })).recipe;
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'NOT_FOUND') throw e;
  }
  throw new UsageError(
    `--recipe ${arg}: no such file, and no saved or built-in recipe with that id (see: bulk-desk recipes list)`,
  );
}

function stepLines(p: RecipePreflightDto, options: JobOptions): string[][] {
  return p.steps.map((st, i) => {
    const c = st.counts;
    return [
      String(i + 1),
      st.name + (st.destructive ? ' (destructive)' : ''),
      String(c.items),
      String(knownToSend(st)),
      String(c.decidedWhenSent),
      String(stepRequests(st, options).reads),
      String(c.duplicate),
      String(c.alreadySent),
      String(c.invalid),
      String(c.blocked),
      String(c.notApplicable),
    ];
  });
}

const STEP_HEADER = [
  'step',
  'name',
  'items',
  // Known now to be sent; a step that needs an earlier step's answer decides as it goes (as the Recipes
  // screen's "To send" and "Decided when sent").
  'to send',
  'decided when sent',
  'reads before',
  'repeats',
  'already sent',
  'invalid',
  'blocked',
  'not applicable',
];

/** Said of every count: a retried request is sent again, and which will be cannot be known before. */
const RETRIES = ', plus any retries (a busy LMS, a lost answer)';

/**
 * Every request the run sends: its writes, undo's read before each write that has one, and the read-backs
 * after them (src-shared/undo/recipeRequests.ts). Writes decided as they are sent (a step that needs an
 * earlier step's answer: each may yet be skipped as a repeat or as already sent) make every count the most
 * there can be, said "up to", the writes known now apart, as the Recipes screen says them.
 */
function requestsLine(p: RecipePreflightDto, options: JobOptions, lead: string): string {
  const { writes, reads, decided } = recipeRequests(p.steps, options);
  const canary = canarySize(options, p.connection);
  const back = readBackRequests(p.steps, options, canary);
  const s = plural;
  const notes = [
    decided > 0 && `${(writes - decided).toLocaleString('en-US')} for sure, ${decided.toLocaleString('en-US')} decided when sent`,
    !reads && recipeRequests(p.steps, {}).reads > 0 && '--no-undo: no reads before them',
  ].filter((n): n is string => typeof n === 'string');
  const parts = [
    `${decided > 0 ? 'up to ' : ''}${s(writes, 'write')}${notes.length ? ` (${notes.join('; ')})` : ''}`,
  ];
  if (reads) parts.push(`${s(reads, 'read')} before writes (for undo; --no-undo leaves them out)`);
  if (back.count)
    parts.push(
      back.upTo
        ? `up to ${s(back.count, 'read-back')} (of the canary's first ${s(canary, 'item')})`
        : `${s(back.count, 'read-back')} (${options.readBack === 'all' ? '--read-back all' : "of the canary's items"})`,
    );
  const listed =
    parts.length > 2 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}` : parts.join(' and ');
  const least = writes + reads;
  const total =
    decided > 0
      ? `up to ${s(least + back.count, 'request')}`
      : back.upTo
        ? `${least} to ${s(least + back.count, 'request')}`
        : s(least + back.count, 'request');
  return `${lead} ${total}: ${listed}${RETRIES}.\n`;
}

/**
 * The preflight as this run sees it: `readsBefore` are the reads it sends, none with --no-undo (the
 * preflight counts them for a run with undo on; the table and the words line above say the same).
 */
function planForRun(p: RecipePreflightDto, options: JobOptions): RecipePreflightDto {
  return {
    ...p,
    steps: p.steps.map((st) => ({
      ...st,
      counts: { ...st.counts, readsBefore: stepRequests(st, options).reads },
    })),
  };
}

async function describeRecipePlan(
  io: CliIo,
  p: RecipePreflightDto,
  options: JobOptions,
  out: 'stdout' | 'stderr',
): Promise<void> {
  const target = out === 'stdout' ? io.stdout : io.stderr;
  await write(target, table(STEP_HEADER, stepLines(p, options)));
  await write(target, requestsLine(p, options, out === 'stdout' ? 'A real run sends' : 'This run sends'));
  const later = p.steps.reduce((n, st) => n + st.counts.decidedWhenSent, 0);
  if (later)
    await write(
      target,
      `Decided when sent: ${plural(later, 'item needs', 'items need')} what an earlier step answers (a member id), so whether each is sent, or skipped as a repeat or as already sent, is known only as the run reaches it.\n`,
    );
  for (const r of p.invalid.slice(0, 10)) await write(target, `  invalid: ${r.message}\n`);
  if (p.invalid.length > 10)
    await write(
      target,
      `  … and ${p.steps.reduce((n, st) => n + st.counts.invalid, 0) - 10} more invalid items\n`,
    );
}

export interface RecipeRunFlags {
  recipe: string;
  datasetId: string;
  connectionId: string;
  skipSteps: string[];
  choices: { allowDuplicates?: boolean; resend?: boolean };
  options: JobOptions;
  dryRun: boolean;
  json: boolean;
  confirm: string | undefined;
}

/** `bulk-desk run --recipe …`: preflight, the phrase, the job, its progress; the exit code as for one template. */
export async function runRecipe(s: Services, io: CliIo, f: RecipeRunFlags): Promise<number> {
  const recipe = await recipeArg(s, f.recipe);
  const run = {
    recipe,
    datasetId: f.datasetId,
    connectionId: f.connectionId,
    ...(f.skipSteps.length ? { skipSteps: f.skipSteps } : {}),
  };
  const plan = await call(s, 'recipes.preflight', { ...run, ...f.choices }).catch((e: unknown) => {
    // A --skip-step naming no step of the recipe, or a step that is not optional, is wrong usage (exit 2).
    if (e instanceof AppError && e.details?.field === 'skipSteps') throw new UsageError(e.message);
    throw e;
  });
  const errors = plan.issues.filter((i) => i.level === 'error');
  if (errors.length) {
    for (const i of errors) io.stderr.write(`${i.message}\n`);
    throw new AppError(
      'MAPPING_INVALID',
      `The recipe "${recipe.name}" cannot run on this file (${errors.length} problem${errors.length === 1 ? '' : 's'} above). Nothing was sent.`,
    );
  }
  const invalid = plan.steps.reduce((n, st) => n + st.counts.invalid, 0);
  if (f.dryRun) {
    if (f.json) await writeJson(io, planForRun(plan, f.options));
    else {
      await write(
        io.stdout,
        `Dry run of "${recipe.name}": ${plan.rows} rows, ${plan.items} items over ${plan.steps.length} steps. Nothing was sent.\n`,
      );
      await describeRecipePlan(io, plan, f.options, 'stdout');
      if (plan.confirmation) await write(io.stdout, `A real run needs: --confirm "${plan.confirmation}"\n`);
    }
    return invalid ? EXIT.failed : EXIT.ok;
  }
  if (!isConfirmed(plan.confirmation, f.confirm)) {
    throw new AppError(
      'CONFLICT',
      `${f.confirm === undefined ? 'Not confirmed' : 'The phrase does not match'}: the recipe "${recipe.name}" changes or removes data in "${plan.connection.name}". ${recipeUndoSentence(recipe.steps, f.options.undo === false)} Nothing was sent.`,
      { field: 'confirm', phrase: plan.confirmation ?? '' },
    );
  }
  await describeRecipePlan(io, plan, f.options, 'stderr');
  if (plan.steps.every((st) => st.counts.wouldSend === 0)) {
    io.stderr.write('Nothing to send: no job was created.\n');
    // One JSON object all the same: no job, and each step's counts that say why.
    if (f.json) await writeJson(io, { jobId: null, ...planForRun(plan, f.options) });
    return invalid ? EXIT.failed : EXIT.ok;
  }
  const job = await call(s, 'recipes.createJob', { ...run, options: { ...f.options, ...f.choices } });
  const notStarted = await startMadeJob(s, io, {
    id: job.id,
    said: `Job ${job.id}: "${recipe.name}", ${job.counts.total} items over ${plan.rows} rows → ${job.connectionName}\n`,
    confirm: f.confirm,
    json: f.json,
  });
  if (notStarted !== null) return notStarted;
  const { summary, code } = await followJob(s, io, job.id);
  if (summary.recipe)
    io.stderr.write(
      summary.recipe.steps
        .map((st, i) => {
          const c = st.counts;
          return `  step ${i + 1} ${st.name}: ${c.succeeded} succeeded, ${c.failed} failed, ${c.blocked} blocked, ${c.skipped} skipped${c.in_doubt ? `, ${c.in_doubt} in doubt` : ''}`;
        })
        .join('\n') + '\n',
    );
  if (f.json) await writeJson(io, summary);
  return code;
}

/** `run`'s recipe flags, read from the parsed values (the template flags do not apply). */
export function recipeFlags(v: Values): { recipe: string; skipSteps: string[] } | null {
  if (v.recipe === undefined) return null;
  if (typeof v.recipe !== 'string' || v.recipe === '')
    throw new UsageError('--recipe needs a file or a recipe id');
  for (const other of ['template', 'mapping', 'auto'])
    if (v[other] !== undefined)
      throw new UsageError(`--recipe brings its own steps and mappings: leave out --${other}`);
  const skip = v['skip-step'];
  return { recipe: v.recipe, skipSteps: Array.isArray(skip) ? skip : [] };
}

/**
 * The app's editor saves a recipe with errors as a draft, to finish there (recipes.import and
 * recipes.save keep it so). A script has no editor: the CLI saves only a recipe without errors, so a
 * broken file never replaces a saved recipe that works. Each error is printed naming the file and step.
 */
async function refuseRecipeErrors(s: Services, io: CliIo, text: string, fileName: string): Promise<void> {
  // Loaded here, not at the top: its YAML reader and schemas are not needed to start the CLI (`--help`).
  const { parseRecipeText } = await import('../../src-shared/recipes/recipeFile');
  const { validateRecipe } = await import('../../src-shared/recipes/validateRecipe');
  const parsed = parseRecipeText(text, fileName);
  if (!parsed.ok) throw new AppError('INVALID_INPUT', parsed.message, { field: 'text' });
  const errors = validateRecipe(parsed.recipe, null).filter((i) => i.level === 'error');
  if (errors.length === 0) return;
  for (const i of errors) io.stderr.write(`${fileName}: ${i.message}\n`);
  const saved = await call(s, 'recipes.get', { id: parsed.recipe.id }).catch(() => null);
  throw new AppError(
    'INVALID_INPUT',
    `${fileName} has ${errors.length} error${errors.length === 1 ? '' : 's'} (above), so it was not saved` +
      (saved && !saved.builtIn ? `; the saved recipe "${saved.recipe.id}" stays as it was` : '') +
      '. Fix the file and import it again.',
    { field: 'text' },
  );
}

function recipeRow(r: RecipeDto): string[] {
  return [
    r.recipe.id,
    r.recipe.api,
    String(r.recipe.steps.length),
    r.recipe.name + (r.builtIn ? ' (built in)' : ''),
  ];
}

export const RECIPE_COMMANDS: Command[] = [
  {
    words: ['recipes', 'list'],
    summary: 'List recipes: the built-in ones, then yours',
    options: JSON_OPT,
    optionHelp: [JSON_HELP],
    async run({ s, io, values }) {
      const list = await call(svc(s), 'recipes.list', {});
      if (values.json) await writeJson(io, list);
      else await write(io.stdout, table(['id', 'api', 'steps', 'name'], list.map(recipeRow)));
      return EXIT.ok;
    },
  },
  {
    words: ['recipes', 'show'],
    summary: "Show a recipe's steps: each one's call, what it repeats over and when it runs",
    args: '<recipe-id>',
    positionals: 1,
    options: JSON_OPT,
    optionHelp: [JSON_HELP],
    async run({ s, io, values, args }) {
      const r = await call(svc(s), 'recipes.get', { id: args[0]! });
      if (values.json) return (await writeJson(io, r), EXIT.ok);
      await write(
        io.stdout,
        `${r.recipe.name} (${r.recipe.id}, ${r.recipe.api})${r.builtIn ? ', built in' : ''}\n${r.recipe.description ?? ''}\n\n`,
      );
      await write(
        io.stdout,
        table(
          ['step', 'id', 'name', 'template', 'once per', 'only when', 'optional'],
          r.recipe.steps.map((st, i) => [
            String(i + 1),
            st.id,
            st.name,
            st.template,
            st.forEach ? `value of "${st.forEach.column}" (split on "${st.forEach.separator}")` : 'row',
            st.when
              ? 'notEmpty' in st.when
                ? `"${st.when.column}" is not empty`
                : `"${st.when.column}" is "${st.when.equals}"`
              : '',
            st.optional ? 'yes' : '',
          ]),
        ),
      );
      for (const i of r.issues) io.stderr.write(`${i.level}: ${i.message}\n`);
      return EXIT.ok;
    },
  },
  {
    words: ['recipes', 'export'],
    summary: 'Write a recipe as a readable file (YAML or JSON) to keep in version control',
    args: '<recipe-id>',
    positionals: 1,
    options: { format: { type: 'string' }, out: { type: 'string' } },
    optionHelp: [
      ['--format yaml|json', 'default yaml'],
      ['--out FILE', 'default stdout'],
    ],
    async run({ s, io, values, args }) {
      const format = (values.format ?? 'yaml') as 'yaml' | 'json';
      if (format !== 'yaml' && format !== 'json') throw new UsageError('--format must be yaml or json');
      const f = await call(svc(s), 'recipes.export', { id: args[0]!, format });
      await writeTextOut(io, values.out, f.text, svc(s));
      return EXIT.ok;
    },
  },
  {
    words: ['recipes', 'import'],
    summary: 'Read a recipe file (YAML or JSON) and save it under its id (the same id again replaces it)',
    args: '<file>',
    positionals: 1,
    async run({ s, io, args }) {
      const path = resolve(args[0]!);
      const text = readFileArg(args[0]!, 'the recipe file');
      const fileName = basename(path);
      await refuseRecipeErrors(svc(s), io, text, fileName);
      const r = await call(svc(s), 'recipes.import', { text, fileName });
      await write(io.stdout, `${r.recipe.id}\n`);
      io.stderr.write(`Saved "${r.recipe.name}" (${r.recipe.steps.length} steps).\n`);
      for (const i of r.issues) io.stderr.write(`${i.level}: ${i.message}\n`);
      return EXIT.ok;
    },
  },
  {
    words: ['recipes', 'delete'],
    summary: 'Delete a saved recipe (jobs that ran it keep their own copy)',
    args: '<recipe-id>',
    positionals: 1,
    async run({ s, io, args }) {
      await call(svc(s), 'recipes.delete', { id: args[0]! });
      await write(io.stdout, `Deleted ${args[0]}.\n`);
      return EXIT.ok;
    },
  },
];
