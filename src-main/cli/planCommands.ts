// The CLI's plans: `bulk-desk plan …` compares a file with the academy and stores the plan; `bulk-desk run
// --plan ID` sends its creates and updates as an ordinary job. The same contract calls as the Plan screen.
import { planStaleText } from '../../src-shared/plan/planStaleText';
import { planRunRereads } from '../../src-shared/undo/priorReads';
import { diffText } from '../../src-shared/plan/diffWords';
import { planUndoSentence, UNDO_IN_CLI } from '../../src-shared/undo/undoSentence';
import type { PlanDto, PlanRowDto } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { PLAN_ROW_CLASSES, type PlanRowClass } from '../../src-shared/plan/types';
import { isConfirmed } from '../../src-shared/runner/confirmGuard';
import type { Services } from '../services';
import { cliCommand } from '../services/dataDir';
// commands.ts imports this file (run --plan): only functions from it are used, at call time.
import {
  mappingFor,
  need,
  positiveNumber,
  sendingOptions,
  svc,
  when,
  writeJson,
  type Command,
  type Values,
} from './commandKit';
import { call, EXIT, table, terminalControl, UsageError, write, type CliIo } from './io';
import { followJob } from './progress';
import { startMadeJob } from './startJob';
import { onStop, stopExitCode, type StopCause } from './stopRequests';
import { shortValue } from '../../src-shared/util/quoteValue';
import { ALONE_SUMMARIES } from './commandIndex';

const JSON_OPT = { json: { type: 'boolean' } } as const;
const JSON_HELP: [string, string] = ['--json', 'print JSON instead of a table'];

/** `30m`, `12h`, `2d` → ms. */
function duration(v: Values, name: string): number | undefined {
  const x = v[name];
  if (x === undefined) return undefined;
  const m = typeof x === 'string' ? /^(\d+)\s*(m|min|h|d)$/.exec(x.trim()) : null;
  if (!m || Number(m[1]) === 0) throw new UsageError(`--${name} must be a duration such as 30m, 12h or 2d`);
  const unit = m[2] === 'd' ? 86_400_000 : m[2] === 'h' ? 3_600_000 : 60_000;
  return Number(m[1]) * unit;
}

const ago = (ms: number) => {
  const m = Math.round(ms / 60_000);
  return m < 60 ? `${m} min` : m < 48 * 60 ? `${Math.round(m / 60)} h` : `${Math.round(m / 1440)} days`;
};

function sourceLine(p: PlanDto, now: number): string {
  return p.source.kind === 'sync'
    ? `From the synced catalog of ${when(p.source.syncedAt)} (${ago(now - p.source.syncedAt)} old); no call to the LMS.`
    : `Read live: ${p.calls} API call${p.calls === 1 ? '' : 's'}, ${p.reads} record${p.reads === 1 ? '' : 's'} read.`;
}

const COUNT_ORDER: readonly PlanRowClass[] = PLAN_ROW_CLASSES;


/** Every row of a plan, a page at a time. */
async function allRows(s: Services, planId: string): Promise<PlanRowDto[]> {
  const out: PlanRowDto[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await call(s, 'plans.rows', { planId, offset, limit: 1000 });
    out.push(...page.items);
    if (offset + page.items.length >= page.total || page.items.length === 0) return out;
  }
}

/**
 * Waits for a plan to finish reading; Ctrl+C, SIGTERM or its output closing stops it (it stays
 * resumable), and `stopped` says which, for the exit code. Ctrl+C again stops at once, not waiting for
 * the reads in flight (a slow LMS held it for as long as they took), and ends the process with 130, as a
 * job's run does.
 */
async function waitForPlan(
  s: Services,
  io: CliIo,
  planId: string,
): Promise<{ plan: PlanDto; stopped: StopCause | null }> {
  let stopped: StopCause | null = null;
  const onSignal = (cause: StopCause) => {
    stopped = cause;
    io.stderr.write('\nStopping the plan (it can be resumed)… (Ctrl+C again stops without waiting)\n');
    void s.plans.close();
  };
  const stopNow = () => {
    io.stderr.write('\nStopping now without waiting for the answers.\n');
    try {
      s.plans.stopNow();
      io.stderr.write(
        `Plan ${planId} stopped before it finished reading; nothing was sent. Resume with: ${cliCommand(`plan --resume ${planId}`, s.dataDir)}\n`,
      );
    } catch (e) {
      io.stderr.write(
        `The stop could not be saved (${e instanceof Error ? e.message : String(e)}): the plan is interrupted when Bulk Desk next starts, and resumes from there.\n`,
      );
    }
  };
  const tty = io.stderr.isTTY === true;
  const unsubscribe = s.events.subscribe((msg) => {
    if (msg.event !== 'plan:progress' || msg.payload.planId !== planId || !tty) return;
    const p = msg.payload;
    terminalControl(io.stderr, '\r');
    io.stderr.write(`${p.label} · ${p.calls} calls · ${p.reads} read`.padEnd(69));
  });
  const stopListening = onStop(onSignal, stopNow);
  try {
    const plan = await s.plans.whenDone(planId);
    if (tty) io.stderr.write('\n');
    return { plan, stopped };
  } finally {
    unsubscribe();
    stopListening();
  }
}

async function report(
  s: Services,
  io: CliIo,
  plan: PlanDto,
  json: boolean,
  show: number,
  stopped: StopCause | null = null,
): Promise<number> {
  if (plan.state !== 'ready') {
    if (json) await writeJson(io, plan);
    io.stderr.write(
      plan.state === 'failed'
        ? `Plan ${plan.id} failed: ${plan.error ?? 'see the log'}\n`
        : plan.state === 'reading' // being read by the app (`plans show` reads beside it)
          ? `Plan ${plan.id} is still reading the LMS (${plan.reads} read so far); show it again when it is ready.\n`
          : `Plan ${plan.id} stopped before it finished reading; nothing was sent. Resume with: ${cliCommand(`plan --resume ${plan.id}`, s.dataDir)}\n`,
    );
    // Stopped: 130 by Ctrl+C, 143 by SIGTERM (a service manager), as a job and a sync say it.
    return plan.state === 'failed' ? EXIT.failed : stopExitCode(stopped ?? 'SIGINT');
  }
  const rows = await allRows(s, plan.id);
  if (json) {
    await writeJson(io, { ...plan, rows });
    return EXIT.ok;
  }
  const c = plan.counts;
  let text =
    `Plan ${plan.id}: ${plan.fileName} → ${plan.connectionName}, ${plan.templateName}` +
    (plan.runTemplateId !== plan.templateId ? ` (run as: ${plan.runTemplateName})` : '') +
    `\n${sourceLine(plan, Date.now())}\n` +
    COUNT_ORDER.filter((k) => (k !== 'invalid' && k !== 'duplicate' ? true : c[k] > 0))
      .map((k) => `${k} ${c[k]}`)
      .join(' · ') +
    '\n';
  const changing = rows.filter((r) => r.class !== 'unchanged');
  if (changing.length && show > 0) {
    text +=
      '\n' +
      table(
        ['row', 'class', 'key', 'what changes / why'],
        changing
          .slice(0, show)
          .map((r) => [String(r.rowNumber), r.class, shortValue(r.key ?? ''), diffText(r.diff, plan.source) || (r.note ?? '')]),
      );
    if (changing.length > show) text += `… and ${changing.length - show} more (--json lists every row)\n`;
  }
  // Written to since it read: its counts are the LMS as it was (the Plan screen says the same words).
  const stale = planStaleText(plan);
  if (stale)
    text += `\n${stale} Its counts are the LMS as it was then: plan again to compare with the LMS as it is now.\n`;
  if (plan.toSend > 0)
    text += `\nSend its ${c.create} create${c.create === 1 ? '' : 's'} and ${c.update} update${c.update === 1 ? '' : 's'}: ${cliCommand(`run --plan ${plan.id}${plan.confirmation ? ` --confirm "${plan.confirmation}"` : ''}`, s.dataDir)}\n`;
  else text += '\nNothing to send: the academy already holds what the file says.\n';
  await write(io.stdout, text);
  return EXIT.ok;
}

/** `run --plan ID`: the plan's creates and updates as an ordinary job, started and followed. */
export async function runPlan(s: Services, io: CliIo, values: Values): Promise<number> {
  // A plan is of one template: a recipe (or its steps) given with it would be silently left out.
  for (const f of [
    'dataset',
    'connection',
    'template',
    'recipe',
    'skip-step',
    'mapping',
    'auto',
    'resend',
    'allow-duplicates',
  ])
    if (values[f] !== undefined)
      throw new UsageError(`--${f} does not go with --plan: the plan already says which rows go, and how`);
  const planId = values.plan as string;
  const plan = await call(s, 'plans.get', { planId });
  const confirm = typeof values.confirm === 'string' ? values.confirm : undefined;
  const dryRun = values['dry-run'] === true;
  if (!dryRun && plan.state === 'ready' && !plan.jobId && !isConfirmed(plan.confirmation, confirm)) {
    throw new AppError(
      'CONFLICT',
      `${confirm === undefined ? 'Not confirmed' : 'The phrase does not match'}: "${plan.runTemplateName}" changes data in "${plan.connectionName}"; this plan would send ${plan.toSend} row${plan.toSend === 1 ? '' : 's'}. ${planUndoSentence(plan.runTemplateId, plan.counts, UNDO_IN_CLI, values['no-undo'] === true).text} Nothing was sent.`,
      { field: 'confirm', phrase: plan.confirmation ?? '' },
    );
  }
  // Written to since it read (the Plan screen holds Send on the same words): said before anything goes.
  // Sent anyway, each row is read again before its write, and a row changed since the plan is not sent —
  // where the LMS has a read of what the row changes (a program's members have none: said so).
  const stale = planStaleText(plan);
  if (stale)
    io.stderr.write(
      `${stale} Its counts are the LMS as it was then; ${
        planRunRereads(plan.runTemplateId)
          ? 'each row is read again before it is written, and rows changed since are not sent'
          : 'its rows cannot be read again before they are written (the LMS documents no read of what they change), so a row changed since is sent as planned'
      }. To compare with the LMS as it is now, plan again.\n`,
    );
  const job = await call(s, 'plans.run', {
    planId,
    options: { ...sendingOptions(values), ...(dryRun ? { dryRun: true } : {}) },
  });
  // Rows edited since the plan are skipped, so fewer may go than the plan said: then the start asks for
  // the phrase naming those, and the job waits (bulk-desk jobs resume <id> --confirm "…").
  const notStarted = await startMadeJob(s, io, {
    id: job.id,
    said: `Job ${job.id}: plan ${planId} → ${job.counts.pending} row${job.counts.pending === 1 ? '' : 's'} to send (${job.templateName} on ${job.connectionName}), ${job.counts.skipped} not sent per the plan\n`,
    confirm,
    json: values.json === true,
  });
  if (notStarted !== null) return notStarted;
  const { summary, code } = await followJob(s, io, job.id);
  if (values.json) await writeJson(io, summary);
  return code;
}

export const PLAN_COMMANDS: Command[] = [
  {
    words: ['plan'],
    summary: ALONE_SUMMARIES.plan,
    details:
      "Reads the LMS (through the connection's throttle, list pages where they take fewer calls than one read\n" +
      'per row) or, with --from-sync, the synced catalog when it is recent enough (--max-age, default 24h), and\n' +
      'stores the plan with the dataset. Nothing is sent. `bulk-desk run --plan <id>` then sends only its\n' +
      'creates and updates. A plan of "create member" runs as "create or update member": members the academy\n' +
      'already has are updated where the file differs and left alone where it does not.\n' +
      'Ctrl+C stops the plan (after the reads in flight; Ctrl+C again: at once); --resume <id> carries on\n' +
      'from what it had read.\n' +
      '--json prints { "id", "counts": { "create", "update", "unchanged", "conflict", "missing", … }, "rows": [...] }.',
    options: {
      dataset: { type: 'string' },
      connection: { type: 'string' },
      template: { type: 'string' },
      mapping: { type: 'string' },
      auto: { type: 'boolean' },
      'from-sync': { type: 'boolean' },
      'max-age': { type: 'string' },
      'allow-duplicates': { type: 'boolean' },
      resume: { type: 'string' },
      rows: { type: 'string' },
      ...JSON_OPT,
    },
    optionHelp: [
      ['--dataset ID', ''],
      ['--connection ID', 'its id or name'],
      ['--template ID', ''],
      ['--mapping FILE | --auto', ''],
      ['--from-sync', 'compare with the synced catalog instead of reading the LMS'],
      ['--max-age 24h', 'how old a synced catalog may be (m, h or d)'],
      ['--allow-duplicates', "plan rows that repeat an earlier row's key too"],
      ['--resume PLAN_ID', 'carry on a plan that was stopped'],
      ['--rows N', 'rows to list (default 20; --json lists all)'],
      JSON_HELP,
    ],
    async run({ s, io, values }) {
      const services = svc(s);
      const show = positiveNumber(values, 'rows', true) ?? 20;
      let started: PlanDto;
      if (typeof values.resume === 'string') {
        started = await call(services, 'plans.resume', { planId: values.resume });
      } else {
        const datasetId = need(values, 'dataset');
        const templateId = need(values, 'template');
        const connectionId = need(values, 'connection');
        const mapping = await mappingFor(services, io, values, datasetId, templateId, connectionId);
        const maxAgeMs = duration(values, 'max-age');
        if (maxAgeMs !== undefined && !values['from-sync'])
          throw new UsageError('--max-age goes with --from-sync');
        started = await call(services, 'plans.create', {
          datasetId,
          connectionId,
          templateId,
          mapping,
          source: values['from-sync'] ? 'sync' : 'live',
          ...(maxAgeMs !== undefined ? { maxAgeMs } : {}),
          ...(values['allow-duplicates'] ? { allowDuplicates: true } : {}),
        });
      }
      io.stderr.write(`Plan ${started.id}: reading ${started.readsWhat}…\n`);
      const { plan, stopped } = await waitForPlan(services, io, started.id);
      return report(services, io, plan, values.json === true, show, stopped);
    },
  },
  {
    words: ['plans', 'list'],
    summary: 'List plans, newest first',
    options: { dataset: { type: 'string' }, ...JSON_OPT },
    optionHelp: [['--dataset ID', 'only the plans of this dataset'], JSON_HELP],
    async run({ s, io, values }) {
      const list = await call(
        svc(s),
        'plans.list',
        typeof values.dataset === 'string' ? { datasetId: values.dataset } : {},
      );
      if (values.json) await writeJson(io, list);
      else
        await write(
          io.stdout,
          table(
            [
              'id',
              'state',
              'file',
              'template',
              'connection',
              'create',
              'update',
              'unchanged',
              'conflict',
              'missing',
              'job',
              'made',
            ],
            list.map((p) => [
              p.id,
              p.state,
              p.fileName,
              p.templateId,
              p.connectionName,
              ...(['create', 'update', 'unchanged', 'conflict', 'missing'] as const).map((k) =>
                String(p.counts[k]),
              ),
              p.jobId ?? '',
              when(p.createdAt),
            ]),
          ),
        );
      return EXIT.ok;
    },
  },
  {
    words: ['plans', 'show'],
    summary: "Show a plan's counts and its rows (what changes, old → new)",
    args: '<plan-id>',
    positionals: 1,
    options: { rows: { type: 'string' }, ...JSON_OPT },
    optionHelp: [['--rows N', 'rows to list (default 20; --json lists all)'], JSON_HELP],
    async run({ s, io, values, args }) {
      const services = svc(s);
      const plan = await call(services, 'plans.get', { planId: args[0]! });
      const code = await report(
        services,
        io,
        plan,
        values.json === true,
        positiveNumber(values, 'rows', true) ?? 20,
      );
      // Showing a plan that was stopped earlier is not itself stopped: 130/143 belong to the command a
      // Ctrl+C or SIGTERM cut short, not to every later look at its plan. A failed plan still exits 1.
      return plan.state === 'failed' ? code : EXIT.ok;
    },
  },
];
