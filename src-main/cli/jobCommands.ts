// `jobs …`: the history of jobs — show, events, export, resume, rerun the failed rows, cancel.
import { cliCommand } from '../services/dataDir';
import { exportAudit } from './exportAudit';
import { exportJob, type ExportFormat } from './exportJob';
import { call, EXIT, UsageError, write } from './io';
import {
  type Command,
  JSON_OPT,
  JSON_HELP,
  svc,
  jobRow,
  writeJson,
  listCommand,
  restartCommand,
  eventLine,
  printJob,
  writeRowsOut,
} from './commandKit';

export const JOB_COMMANDS: Command[] = [
  listCommand({
    words: ['jobs', 'list'],
    summary: 'List jobs, newest first (the same history the app shows)',
    list: (s) => call(s, 'jobs.list', {}),
    // `in-doubt` last: rows neither succeeded nor failed (they may have reached the LMS), so a completed
    // job with some does not read as all accounted for; the columns before it keep their places.
    header: ['id', 'state', 'template', 'connection', 'file', 'ok/total', 'failed', 'created', 'in-doubt'],
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
      const services = svc(s);
      const job = await call(services, 'jobs.get', { jobId: args[0]! });
      await printJob(io, job, values.json === true, services.dataDir);
      if (values.json !== true) {
        // The last few things the job said about itself (throttling, failures, pauses): `jobs events` has all.
        const events = await call(services, 'jobs.events', { jobId: job.id, limit: 5 });
        if (events.length)
          await write(
            io.stdout,
            `\nWhat happened (latest; ${cliCommand(`jobs events ${job.id}`, services.dataDir)} for more)\n` +
              events.map((e) => eventLine(e, services.dataDir)).join(''),
          );
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
      const services = svc(s);
      const events = await call(services, 'jobs.events', { jobId: args[0]! });
      if (values.json === true) await writeJson(io, events);
      else
        await write(
          io.stdout,
          events.length
            ? events.map((e) => eventLine(e, services.dataDir)).join('')
            : 'Nothing recorded yet.\n',
        );
      return EXIT.ok;
    },
  },
  {
    words: ['jobs', 'export'],
    summary:
      "Export a job's results (CSV or JSON), its failed rows ready to fix and import again, or its audit record",
    args: '<job-id>',
    positionals: 1,
    details:
      'CSV: the input columns, then Row, Outcome, HTTP status, Attempts, Error, Note, Key and the captured\n' +
      "response fields (e.g. Member ID), named as the app's History shows them. With --only failed: the rows that did not go through (failed, skipped) with their original\n" +
      'columns only; rows in doubt are never in it (they may have reached the LMS: bulk-desk jobs in-doubt).\n' +
      "Cells starting with = + - @ are prefixed with ' so spreadsheets never run them as formulas.\n" +
      'No request header or secret is ever exported.\n' +
      "--format audit: one file for an auditor: the job's record (the file's name, size and SHA-256, who ran it\n" +
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
      if (format === 'audit' && values.only !== undefined)
        throw new UsageError('--only does not apply to --format audit');
      if (values.only !== undefined && values.only !== 'failed')
        throw new UsageError('--only accepts: failed');
      const services = svc(s);
      await call(services, 'jobs.get', { jobId: args[0]! }); // NOT_FOUND before any file is created
      await writeRowsOut(io, values.out, async (out) =>
        format === 'audit'
          ? (
              await exportAudit(
                services,
                out,
                args[0]!,
                /\.zip$/i.test(String(values.out ?? '')) ? 'zip' : 'jsonl',
              )
            ).rows
          : (
              await exportJob(services, out, {
                jobId: args[0]!,
                format,
                onlyFailed: values.only === 'failed',
              })
            ).rows,
        services,
      );
      return EXIT.ok;
    },
  },
  restartCommand(
    ['jobs', 'resume'],
    'Resume a paused or interrupted job, or send the rows a cancelled job never sent, and wait',
    'jobs.resume',
    'Only rows never sent go (and rows waiting for a retry); rows that succeeded, failed or are in doubt\n' +
      'stay as they are. A destructive template asks again for its phrase when the job was cancelled.\n' +
      'A job `run` made but did not start (its output closed, or it was stopped, before it began) starts.',
  ),
  restartCommand(
    ['jobs', 'retry-failed'],
    "Send a finished job's failed rows (items of a recipe job) again and wait",
    'jobs.retryFailed',
    'A destructive template asks for its phrase again, naming how many rows would go. Rows in doubt are\n' +
      'settled first and may go too (a lookup found the LMS never got them, or the call is safe to repeat):\n' +
      "the phrase counts them and the job's start names them. A job paused, cancelled or interrupted with\n" +
      'rows it never sent is refused (they would go too): export its failed rows and run them as a new job,\n' +
      'or resume it first. A recipe job reruns its failed items (steps of rows) and the later steps they\n' +
      'blocked, and counts items where this says rows.',
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
