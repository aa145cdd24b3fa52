// `jobs in-doubt` and `jobs resolve`: the rows whose request may or may not have reached the LMS (the
// app stopped, or the database refused the answer, while it was in flight). A row is marked `sending`
// before its request leaves — rows reserved ahead some time before — so whether it left at all is not
// known either: nothing here says it did. They are never re-sent or
// exported as failed behind the admin's back: the admin looks them up in the LMS and settles them here.
import type { InDoubtRowDto } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { cutOffAnswer } from '../../src-shared/runner/cutOffAnswer';
import { parseRowList } from '../../src-shared/util/rowList';
import { plural } from '../../src-shared/util/plural';
import { rowRanges } from '../../src-shared/util/rowGroups';
import { notInDoubtWords } from '../../src-shared/runner/notInDoubtWords';
import { rowStatuses } from '../db/rowStatuses';
import type { Services } from '../services';
import { cliCommand, pasteable } from '../services/dataDir';
import { JSON_HELP, JSON_OPT, svc, when, type Command } from './commandKit';
import { call, EXIT, UsageError, write } from './io';
import { followJob } from './progress';
import { sayAfter } from './startJob';

const PAGE = 1000;

/** "row 2", "rows 2–4 and 7". */
const rowsWords = (rows: readonly number[]): string =>
  rows.length === 1 ? `row ${rows[0]}` : `rows ${rowRanges([...rows].sort((a, b) => a - b))}`;

/** Every in-doubt row of the job, a page at a time. */
async function* inDoubtRows(s: Services, jobId: string): AsyncGenerator<InDoubtRowDto> {
  for (let offset = 0; ; offset += PAGE) {
    const page = await call(s, 'jobs.inDoubt', { jobId, offset, limit: PAGE });
    yield* page.items;
    if (page.items.length < PAGE) return;
  }
}

function describeRow(r: InDoubtRowDto, dataDir: string): string {
  const key = Object.entries(r.keyCells)
    .map(([c, v]) => `${c}=${v}`)
    .join('  ');
  const lines = [`Row ${r.rowNumber}${key ? `  ${key}` : ''}${r.rowKey && !key ? `  ${r.rowKey}` : ''}`];
  lines.push(`  to send    ${when(r.sentAt) || '-'}  ${r.method} ${r.url ?? ''}  → ${r.answer}`);
  // A broken connection, or an answer cut off after its status, is already said after the arrow.
  if (r.error && !r.answer.endsWith(r.error.replace(/^In doubt: /, '')) && !cutOffAnswer(r.error))
    lines.push(`  error      ${pasteable(r.error, dataDir)}`);
  if (r.note) lines.push(`  note       ${pasteable(r.note, dataDir)}`);
  return lines.join('\n') + '\n';
}

/**
 * The words above the rows: how many, and what is known of them — a row whose answer was cut off after its
 * status reached the LMS, which answered (the job's events say so too); for the others, whether their
 * request reached it is not known.
 */
function inDoubtHeader(jobId: string, connection: string, n: number, rows: readonly InDoubtRowDto[]): string {
  const cut = rows.map((r) => cutOffAnswer(r.error)).filter((c) => c !== null);
  const unknown =
    'was ready to leave, or left, when the app stopped (or could not save its answer); whether it reached the\n' +
    'LMS is not known.\n\n';
  if (cut.length === 0) return `Job ${jobId}: ${plural(n, 'row is', 'rows are')} in doubt: each request to ${connection} ${unknown}`;
  const statuses = [...new Set(cut.map((c) => c.status))].join(' or ');
  const reached = (its: string) =>
    `${its} to ${connection} reached the LMS, which answered HTTP ${statuses}, but the answer was cut off after the\n` +
    'status, so what the LMS did is not known in full.';
  if (cut.length === n)
    return `Job ${jobId}: ${plural(n, 'row is', 'rows are')} in doubt: ${reached(n === 1 ? 'its request' : 'each request')}\n\n`;
  return (
    `Job ${jobId}: ${n} rows are in doubt. For ${cut.length} of them, ${reached('the request')}\n` +
    `For the other ${n - cut.length}, each request ${unknown}`
  );
}

const ACTIONS = {
  resend: { flag: 'resend', done: 'set to be sent again' },
  markSucceeded: { flag: 'mark-succeeded', done: 'marked as succeeded (not sent again)' },
  markFailed: { flag: 'mark-failed', done: 'marked as failed (not sent again)' },
} as const;

export const IN_DOUBT_COMMANDS: Command[] = [
  {
    words: ['jobs', 'in-doubt'],
    summary: 'List the rows in doubt (they may or may not have reached the LMS), with what is known of each',
    args: '<job-id>',
    positionals: 1,
    details:
      'A row is in doubt when its request was ready to leave, or left, but no answer was saved (the app\n' +
      'stopped, or the database refused it), or its answer was cut off after the status (it reached the LMS,\n' +
      'but what the LMS did is not known in full). Look each one up in the LMS, then settle it with\n' +
      '`bulk-desk jobs resolve`.',
    options: JSON_OPT,
    optionHelp: [JSON_HELP],
    async run({ s, io, values, args }) {
      const services = svc(s);
      const jobId = args[0]!;
      const job = await call(services, 'jobs.get', { jobId });
      if (values.json) {
        const rows: InDoubtRowDto[] = [];
        for await (const r of inDoubtRows(services, jobId)) rows.push(r);
        await write(io.stdout, JSON.stringify(rows, null, 2) + '\n');
        return EXIT.ok;
      }
      const n = job.counts.in_doubt;
      if (n === 0) {
        await write(io.stdout, `Job ${jobId} has no rows in doubt.\n`);
        return EXIT.ok;
      }
      // Read first (rows in doubt are few): the header says what is known of them.
      const rows: InDoubtRowDto[] = [];
      for await (const r of inDoubtRows(services, jobId)) rows.push(r);
      await write(io.stdout, inDoubtHeader(jobId, job.connectionName, n, rows));
      for (const r of rows) await write(io.stdout, describeRow(r, services.dataDir));
      const [arrived, resend, failed] = ['--mark-succeeded', '--resend', '--mark-failed'].map((flag) =>
        cliCommand(`jobs resolve ${jobId} --rows LIST ${flag}`, services.dataDir),
      ) as [string, string, string];
      const w = arrived.length;
      // Marking succeeded records a row as sent: only on the LMS's word, never as the natural choice.
      await write(
        io.stdout,
        `\nLook them up in the LMS, then settle them (LIST: spreadsheet rows such as 4,7,12-15):\n` +
          `  ${resend.padEnd(w)}   not in the LMS: send it again\n` +
          `  ${failed.padEnd(w)}   record it as failed\n` +
          `  ${arrived}   only if you have checked in the LMS that it arrived\n` +
          '(--all instead of --rows settles every row in doubt.)\n',
      );
      return EXIT.ok;
    },
  },
  {
    words: ['jobs', 'resolve'],
    summary: 'Settle rows in doubt: send them again, or record them as succeeded or failed',
    args: '<job-id>',
    positionals: 1,
    details:
      'Choose the rows with --rows (spreadsheet row numbers: 4,7,12-15) or --all, and one decision; on a\n' +
      'recipe job a row stands for every item of it in doubt (a step sent side by side may leave several).\n' +
      '--resend sends them again and waits for the job, like `jobs resume` (only choose it when the LMS\n' +
      'does not have them: a row that did arrive would be done twice); on a template that changes or removes\n' +
      'data it needs --confirm with the phrase it prints, naming how many rows. A job that was paused or\n' +
      'cancelled and still has other rows it never sent does not start: the rows wait in its queue for\n' +
      '`jobs resume`.',
    options: {
      rows: { type: 'string' },
      all: { type: 'boolean' },
      resend: { type: 'boolean' },
      'mark-succeeded': { type: 'boolean' },
      'mark-failed': { type: 'boolean' },
      confirm: { type: 'string' },
    },
    optionHelp: [
      ['--rows LIST', 'spreadsheet row numbers, e.g. 4,7,12-15'],
      ['--all', 'every row in doubt'],
      ['--resend', 'send them again (and wait for the job)'],
      ['--mark-succeeded', 'record them as succeeded: only if you have checked in the LMS that they arrived'],
      ['--mark-failed', 'record them as failed'],
      ['--confirm PHRASE', 'with --resend, the phrase a destructive template needs (printed when missing)'],
    ],
    async run({ s, io, values, args }) {
      const services = svc(s);
      const jobId = args[0]!;
      const chosen = (Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]).filter((a) => values[ACTIONS[a].flag]);
      if (chosen.length !== 1)
        throw new UsageError('choose one of --resend, --mark-succeeded or --mark-failed');
      const action = chosen[0]!;
      const rowsText = values.rows;
      if ((typeof rowsText === 'string') === (values.all === true))
        throw new UsageError('choose the rows with --rows LIST or --all (one of them)');
      let wanted: number[] | null = null;
      if (typeof rowsText === 'string') {
        try {
          wanted = parseRowList(rowsText);
        } catch (e) {
          throw new UsageError(`--rows: ${e instanceof Error ? e.message : String(e)}`);
        }
      }

      const job = await call(services, 'jobs.get', { jobId }); // NOT_FOUND first
      // Spreadsheet row → its items in doubt: one for a plain job; a recipe job's row may have several (the
      // items of one step sent side by side, as a row's enrolments are), and a decision on the row takes all.
      const byRow = new Map<number, number[]>();
      let inDoubt = 0;
      for await (const r of inDoubtRows(services, jobId)) {
        const items = byRow.get(r.rowNumber);
        if (items) items.push(r.itemId);
        else byRow.set(r.rowNumber, [r.itemId]);
        inDoubt++;
      }
      // Rows named that are not in doubt: each said with what it is now (a number typed by the admin: wrong
      // usage, exit 2, as an id that names nothing), before anything is settled.
      const missing = wanted?.filter((r) => !byRow.has(r)) ?? [];
      if (missing.length)
        throw new AppError(
          'INVALID_INPUT',
          `Not in doubt in job ${jobId}: ${notInDoubtWords(missing, rowStatuses(services.db, jobId, missing.slice(0, 20)))}. ` +
            `Nothing was changed. See the rows in doubt with: ${cliCommand(`jobs in-doubt ${jobId}`, services.dataDir)}`,
          { field: 'rows' },
        );
      // A recipe job's rows go step by step: what is in doubt, decided and left unsent are its items.
      const unit = job.recipe ? 'item' : 'row';
      if (byRow.size === 0) throw new AppError('CONFLICT', `Job ${jobId} has no ${unit}s in doubt.`);
      let itemIds: number[] | undefined;
      if (wanted) {
        itemIds = [...new Set(wanted)].flatMap((r) => byRow.get(r)!);
        // Every row in doubt named: one decision on them all (one call, and one phrase counting them all).
        if (itemIds.length === inDoubt) itemIds = undefined;
      }
      const count = itemIds?.length ?? inDoubt;
      // "1 row of job X", or a recipe job's "2 items of row 2 of job X" (its rows named when chosen by --rows).
      const rowsNamed = wanted && job.recipe ? ` of ${rowsWords([...new Set(wanted)])}` : '';
      const decided = `${plural(count, unit)}${rowsNamed} of job ${jobId} ${ACTIONS[action].done}`;
      const confirm = typeof values.confirm === 'string' ? { confirm: values.confirm } : {};
      // One decision, one call (at most RESOLVE_MAX_ITEMS rows: more than a job has in doubt).
      try {
        await call(services, 'jobs.resolveInDoubt', { jobId, action, ...(itemIds ? { itemIds } : {}), ...confirm });
      } catch (e) {
        // The decision was saved and the start it called for failed: the job waits, paused (its stop reason
        // says so). Said after the error, with the command that starts it, as `run` does a job not started.
        const job = await call(services, 'jobs.get', { jobId }).catch(() => null);
        if (job?.state === 'paused' && job.stopReason?.kind === 'notStarted')
          sayAfter(
            e,
            `${decided}, but the job could not start: ` +
              `it is left paused. Once that is dealt with, start it with: ${cliCommand(`jobs resume ${jobId}`, services.dataDir)}\n`,
          );
        throw e;
      }
      io.stderr.write(`${decided}.\n`);
      // A resend starts the job again; this process is the one that sends, so it follows it to the end.
      if (action === 'resend' && services.runner.isActive(jobId)) return (await followJob(services, io, jobId)).code;
      if (action === 'resend') {
        // A paused or cancelled job with other rows (a recipe's: items) it never sent: they were not part of this decision.
        const job = await call(services, 'jobs.get', { jobId });
        const others = job.counts.pending + job.counts.retry_wait - count;
        io.stderr.write(
          `They wait in the job's queue: it is ${job.state} with ${plural(others, `other ${unit}`)} not sent yet, ` +
            `and only resuming it sends them all: ${cliCommand(`jobs resume ${jobId}`, services.dataDir)}\n`,
        );
      }
      return EXIT.ok;
    },
  },
];
