// `run`: a file sent as a job (or a recipe, or a plan), with the preflight, the destructive phrase, a dry
// run, and the job followed to its end.
import { jobUndoSentence, UNDO_IN_CLI } from '../../src-shared/undo/undoSentence';
import type { PreflightDto } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { isConfirmed } from '../../src-shared/runner/confirmGuard';
import { describePrior } from '../../src-shared/safety/rowVerdicts';
import { lastTestWarning } from '../../src-shared/connections/lastTestWarning';
import { uncheckedSentence } from '../../src-shared/safety/uncheckedSends';
import { plural } from '../../src-shared/util/plural';
import { groupRowMessages, type RowMessage } from '../../src-shared/util/rowGroups';
import { call, EXIT, write, type CliIo } from './io';
import { runPlan } from './planCommands';
import { followJob } from './progress';
import { startMadeJob } from './startJob';
import { recipeFlags, runRecipe } from './recipeCommands';
import { type Command, JSON_OPT, need, svc, mappingFor, writeJson, sendingOptions } from './commandKit';
import { ALONE_SUMMARIES } from './commandIndex';

export const RUN_COMMANDS: Command[] = [
  {
    words: ['run'],
    summary: ALONE_SUMMARIES.run,
    details:
      'The CLI is the process that sends, so `run` stays until the job settles (--wait is implied; it is\n' +
      'accepted for scripts that pass it). Progress goes to stderr, the job id to stdout. Ctrl+C pauses the\n' +
      'job after the requests in flight; `bulk-desk jobs resume <id>` (or the app) carries on.\n' +
      '--dry-run builds and checks every row (nothing is sent, no job is created) and reports what each\n' +
      'would do: be sent, be skipped as a duplicate of an earlier row (same key, e.g. the same email), be\n' +
      'skipped as already sent (the key succeeded with this template at this LMS before — its address and\n' +
      'account, through any connection saved for it — in a job or a test send), or be invalid. A real run\n' +
      'skips duplicates and rows already sent unless --allow-duplicates or --resend says otherwise. A\n' +
      'template that deletes, removes or overwrites data needs --confirm with the phrase it prints (exit\n' +
      'code 2 without it).\n' +
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
      ['--connection ID', 'from `connections list`, or the connection name'],
      ['--template ID', 'from `templates list`'],
      [
        '--recipe FILE|ID',
        'a recipe (YAML/JSON file, or the id of a saved or built-in one) instead of --template',
      ],
      ['--skip-step ID', "switch a recipe's optional step off for this run (repeatable)"],
      ['--mapping FILE', 'a saved mapping (JSON)'],
      ['--auto', 'auto-match columns to fields instead'],
      ['', 'neither: the working mapping the app keeps for this dataset and template (mappings show)'],
      ['--plan PLAN_ID', "send a plan's creates and updates (from `bulk-desk plan`) instead of a whole file"],
      ['--rate N', "requests per second (default: the API's documented limit)"],
      [
        '--concurrency N|auto',
        'requests in flight, pinned to N (1–64); default auto: raised while the LMS answers as fast, lowered when it slows or refuses',
      ],
      ['--max-attempts N', 'attempts per row for retryable errors (default 5)'],
      ['--dry-run', 'check every row, send nothing'],
      ['--confirm PHRASE', 'the phrase a destructive template needs, e.g. "DELETE 3 courses on Acme"'],
      [
        '--resend',
        'also send rows whose key already succeeded with this template at this LMS (through any connection)',
      ],
      ['--allow-duplicates', "also send rows that repeat an earlier row's key (default: only the first)"],
      ['--failure-breaker N/W|off', 'pause when more than N of the last W rows fail (default 20/50)'],
      [
        '--canary N',
        'send the first N rows, then pause to look (default 5 on a real LMS, 0 on the sandbox; 0 = off)',
      ],
      [
        '--read-back canary|all|off',
        'read writes back from the LMS to check they took (default canary: the canary rows)',
      ],
      [
        '--no-undo',
        "don't read each row's target before writing it (a job whose undo needs that read then cannot be undone); " +
          "a plan's run still reads its targets again with the plan's few list calls, and writes no row changed since the plan " +
          "(a program's members cannot be read: those rows are sent as planned)",
      ],
      ['--wait', 'wait for the job to finish (always on, see above)'],
      [
        '--json',
        'print the final job summary as JSON on stdout (nothing to send: {"jobId": null, "counts": …})',
      ],
    ],
    async run({ s, io, values }) {
      const services = svc(s);
      if (typeof values.plan === 'string') return runPlan(services, io, values);
      const datasetId = need(values, 'dataset');
      const connectionId = need(values, 'connection');
      const recipe = recipeFlags(values);
      const sending = sendingOptions(values);
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
          options: sending,
          dryRun: values['dry-run'] === true,
          json: values.json === true,
          confirm: typeof values.confirm === 'string' ? values.confirm : undefined,
        });
      }
      const templateId = need(values, 'template');
      const mapping = await mappingFor(services, io, values, datasetId, templateId, connectionId);
      const spec = { datasetId, connectionId, templateId, mapping };
      const plan = await call(services, 'jobs.preflight', { ...spec, ...choices });
      if (values['dry-run']) return dryRun(io, plan, values.json === true);
      // A destructive template: the phrase names what and where; refused here, before a job exists.
      const confirm = typeof values.confirm === 'string' ? values.confirm : undefined;
      if (!isConfirmed(plan.confirmation, confirm)) {
        const n = plan.counts.wouldSend;
        const wider = plan.widerEffects.map((w) => ` ${w}`).join('');
        throw new AppError(
          'CONFLICT',
          `${confirm === undefined ? 'Not confirmed' : 'The phrase does not match'}: "${plan.template.name}" changes or removes data in "${plan.connection.name}"; this run would send ${n} row${n === 1 ? '' : 's'}.${wider} ${jobUndoSentence(templateId, values['no-undo'] === true, UNDO_IN_CLI).text} Nothing was sent.`,
          { field: 'confirm', phrase: plan.confirmation ?? '' },
        );
      }
      await describePlan(io, plan);
      if (plan.counts.wouldSend === 0) {
        io.stderr.write('Nothing to send: no job was created.\n');
        // One JSON object all the same: no job, and the preflight's counts that say why.
        if (values.json) await writeJson(io, { jobId: null, ...plan });
        return plan.counts.invalid ? EXIT.failed : EXIT.ok;
      }
      const job = await call(services, 'jobs.create', {
        ...spec,
        options: { ...sending, ...choices },
      });
      const notStarted = await startMadeJob(services, io, {
        id: job.id,
        said: `Job ${job.id}: ${job.counts.total} rows → ${job.templateName} on ${job.connectionName}\n`,
        confirm,
        json: values.json === true,
      });
      if (notStarted !== null) return notStarted;
      const { summary, code } = await followJob(services, io, job.id);
      if (values.json) await writeJson(io, summary);
      return code;
    },
  },
];

/** The preflight's findings on stderr: what will be skipped and why, before the job starts. */
async function describePlan(io: CliIo, p: PreflightDto): Promise<void> {
  const c = p.counts;
  if (c.duplicate) {
    io.stderr.write(
      `${c.duplicate} row${c.duplicate === 1 ? ' repeats' : 's repeat'} an earlier row's key and will be skipped (only the first is sent; --allow-duplicates sends them):\n`,
    );
    const lines = p.duplicates.map((d) => `row ${d.rowNumber} repeats row ${d.firstRow} (${d.key})`);
    listSome(io, lines, c.duplicate);
  }
  if (c.alreadySent) {
    io.stderr.write(
      `${c.alreadySent} row${c.alreadySent === 1 ? ' was' : 's were'} already sent and will be skipped (--resend sends them again):\n`,
    );
    for (const g of p.alreadySent.slice(0, 10)) io.stderr.write(`  ${g.rows} by ${describePrior(g)}\n`);
  }
  if (c.invalid) {
    io.stderr.write(`${c.invalid} row${c.invalid === 1 ? ' is' : 's are'} invalid and will be skipped:\n`);
    listGrouped(io, p.invalid, c.invalid);
  }
  if (c.warnings) {
    io.stderr.write(`${c.warnings} row${c.warnings === 1 ? '' : 's'} will be sent with warnings:\n`);
    listGrouped(io, p.warnings, c.warnings);
  }
  for (const w of p.widerEffects) io.stderr.write(`${w}\n`);
  const untested = lastTestWarning(p.connection);
  if (untested) io.stderr.write(`${untested} (bulk-desk connections test ${p.connection.id})\n`);
  if (p.uncheckedEarlier) io.stderr.write(`${uncheckedSentence(p.uncheckedEarlier)}\n`);
}

/** The first 10 lines of a list, then how many rows it leaves out (`total` counts them all). */
function listSome(io: CliIo, lines: readonly string[], total: number): void {
  for (const line of lines.slice(0, 10)) io.stderr.write(`  ${line}\n`);
  if (total > 10) io.stderr.write(`  and ${total - 10} more\n`);
}

/**
 * Rows' problems, one line per distinct problem (src-shared/util/rowGroups.ts): the first 10, then how
 * many rows they leave unnamed. `total` counts every row; the preflight lists only the first 200.
 */
function listGrouped(io: CliIo, rows: readonly RowMessage[], total: number): void {
  const shown = groupRowMessages(rows).slice(0, 10);
  for (const g of shown) io.stderr.write(`  ${g.line}\n`);
  const named = shown.reduce((n, g) => n + g.rows, 0);
  if (total > named) io.stderr.write(`  and ${plural(total - named, 'more row')}\n`);
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
