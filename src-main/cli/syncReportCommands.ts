// The CLI's sync and reports commands, for the nightly script that pulls the LMS's data and writes a
// report: `bulk-desk sync run && bulk-desk reports run completionRate --out completion.csv`. Same
// contract calls as the Reports screen, so the figures match what the app shows.
import { syncSkipCliText } from '../../src-shared/sync/syncSkips';
import { basename, extname, resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { reversedRange } from '../../src-shared/reports/dateRange';
import { formatCell } from '../../src-shared/reports/formatCell';
import { NOTHING_SYNCED_CLI_NOTE, NOTHING_SYNCED_NOTE } from '../../src-shared/reports/nothingSynced';
import { REPORT_NAMES, type ReportName, type ReportRequest, type ReportTable } from '../../src-shared/reports/types';
import type { ApiKind } from '../../src-shared/connectors/types';
import { AppError } from '../../src-shared/contract/errors';
import { showControls } from '../../src-shared/util/showControls';
import {
  SYNC_ENTITIES,
  SYNC_ENTITY_LABELS,
  type SyncEntity,
  type SyncProgress,
  type SyncStatusDto,
} from '../../src-shared/sync/types';
import type { Services } from '../services';
import { getConnection } from '../db/connections';
import { cliCommand, pasteable } from '../services/dataDir';
import { call, EXIT, table, UsageError, write, type CliIo } from './io';
import { JSON_HELP, JSON_OPT, svc, when, type Command, type Values } from './commandKit';
import { andList } from '../../src-shared/util/andList';
import { plural } from '../../src-shared/util/plural';
import { formatDateTime } from '../../src-shared/util/dates';
import { WaitsSaid } from '../../src-shared/sync/waitSaid';
import { onStop, stopExitCode, type StopCause } from './stopRequests';

type Options = NonNullable<ParseArgsConfig['options']>;

const CONNECTION_OPT: Options = { connection: { type: 'string', multiple: true } };
const CONNECTION_HELP: [string, string] = [
  '--connection ID',
  'only this connection (its id or name; repeatable; default: all)',
];

function connectionIds(v: Values): string[] | undefined {
  const ids = v.connection;
  return Array.isArray(ids) && ids.length ? ids : undefined;
}

function syncTable(list: SyncStatusDto[]): string {
  return table(
    ['connection', 'api', 'last run', 'finished', 'courses', 'learners', 'enrolments', 'error'],
    list.map((s) => [
      `${s.connectionName} (${s.connectionId})`,
      s.api,
      s.running ? 'running' : (s.lastRun?.state ?? 'never'),
      when(s.lastRun?.finishedAt ?? null),
      String(s.counts.courses),
      String(s.counts.learners),
      String(s.counts.enrolments),
      s.lastRun?.error ?? '',
    ]),
  );
}

/** A list that kept changing in the LMS while it was read (kept, not pruned): one line per list, for stderr. */
function syncWarnings(list: SyncStatusDto[]): string {
  return list
    .flatMap((s) => (s.lastRun?.entities ?? []).filter((e) => e.status === 'changed').map((e) => `Warning: ${s.connectionName}: ${e.note}\n`))
    .join('');
}

// 2026-01-31, or with a time (T or a space): 2026-01-31T09:30[:15[.250]], then Z or ±HH:MM optionally.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A date flag as epoch ms, in UTC as the help says (Date.parse would read a time without an offset, or
 * "12/03/2026", in the machine's own zone). A day (YYYY-MM-DD) means the end of that day, so
 * `--to 2026-11-23` includes that night's sync, as a person means it; a time is taken as given, in UTC
 * unless it ends with Z or an offset.
 */
function dateFlag(v: Values, name: string): number {
  const x = v[name];
  if (typeof x !== 'string' || x === '') throw new UsageError(`--${name} is required for this report`);
  const bad = () =>
    new UsageError(
      `--${name} must be a date like 2026-01-31, not "${x}" (or a time in UTC, 2026-01-31T09:30, or with an offset, 2026-01-31T09:30+02:00)`,
    );
  const m = ISO_DATE.exec(x.trim());
  if (!m) throw bad();
  const [y, mo, d, h = 0, mi = 0, sec = 0] = m.slice(1, 7).map((n) => (n === undefined ? undefined : Number(n)));
  const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  // Date.UTC reads a year 0–99 as 1900 + it; setUTCFullYear takes the year as given ("0001-01-01": from the start).
  const t = new Date(Date.UTC(2000, 0, 1)).setUTCFullYear(y!, mo! - 1, d!) + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
  const back = new Date(t);
  // Date.UTC rolls 2026-02-30 over to 2 March and 25:00 into the next day: refuse them instead.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo! - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h || back.getUTCMinutes() !== mi)
    throw bad();
  if (m[4] === undefined) return t + DAY_MS - 1;
  const zone = m[8]?.toUpperCase();
  if (!zone || zone === 'Z') return t;
  const [, sign, zh, zm] = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  // Clocks run from UTC−12:00 to UTC+14:00: "+99:99" is a typo, not 100 hours away.
  if (Number(zh) > 14 || Number(zm) > 59 || (Number(zh) === 14 && Number(zm) > 0)) throw bad();
  const offset = (Number(zh) * 60 + Number(zm)) * 60 * 1000;
  return sign === '+' ? t - offset : t + offset;
}

/** The flags only some reports use: given to another, they would be silently ignored. */
const REPORT_FLAGS: Record<string, readonly ReportName[]> = {
  by: ['timeToCompletion', 'compliance'],
  courses: ['compliance'],
  from: ['progressOverTime'],
  to: ['progressOverTime'],
};

/** The report request from the command line, checked here so a mistake names the flag. */
export function reportRequest(name: string, v: Values): ReportRequest {
  if (!REPORT_NAMES.includes(name as ReportName))
    throw new UsageError(`unknown report "${name}"; one of: ${REPORT_NAMES.join(', ')}`);
  for (const [flag, reports] of Object.entries(REPORT_FLAGS))
    if (v[flag] !== undefined && !reports.includes(name as ReportName))
      throw new UsageError(`--${flag} does not apply to ${name} (only to ${andList(reports)})`);
  const ids = connectionIds(v);
  const base = ids ? { connectionIds: ids } : {};
  const by = typeof v.by === 'string' ? v.by : undefined;
  switch (name as ReportName) {
    case 'timeToCompletion':
      if (by !== undefined && by !== 'course' && by !== 'cohort')
        throw new UsageError('--by must be course or cohort for timeToCompletion');
      return { ...base, name: 'timeToCompletion', by: by ?? 'course' };
    case 'compliance': {
      if (by !== 'client' && by !== 'company' && by !== 'department')
        throw new UsageError('--by client|company|department is required for compliance');
      const keys =
        typeof v.courses === 'string'
          ? v.courses
              .split(',')
              .map((k) => k.trim())
              .filter(Boolean)
          : [];
      if (keys.length === 0)
        throw new UsageError('--courses KEY,KEY is required for compliance (keys from `reports courses`)');
      return { ...base, name: 'compliance', by, courseKeys: keys };
    }
    case 'progressOverTime': {
      const from = dateFlag(v, 'from');
      const to = dateFlag(v, 'to');
      const backwards = reversedRange({ at: from, label: `--from ${String(v.from)}` }, { at: to, label: `--to ${String(v.to)}` });
      if (backwards) throw new UsageError(backwards);
      return { ...base, name: 'progressOverTime', from, to };
    }
    default:
      return {
        ...base,
        name: name as Exclude<ReportName, 'timeToCompletion' | 'compliance' | 'progressOverTime'>,
      };
  }
}

/** A report table as text; its title too when it is not the report's own. */
function textTable(t: ReportTable, reportTitle: string): string {
  const body = table(
    t.columns.map((c) => c.label),
    t.rows.map((r) => t.columns.map((c) => formatCell(r[c.key] ?? null, c.type, ''))),
  );
  return t.title === reportTitle ? body : `${showControls(t.title)}\n${body}`;
}

/** The app's note says to press its "Sync now" button; here the way to sync is a command. */
const cliNote = (n: string) => (n === NOTHING_SYNCED_NOTE ? NOTHING_SYNCED_CLI_NOTE : n);

/** A report's notes as printed lines: they quote titles and keys; their `bulk-desk …` hints carry this folder's --data-dir. */
function cliNotes(notes: readonly string[], dataDir: string): string {
  return notes.map((n) => `Note: ${pasteable(showControls(cliNote(n)), dataDir)}\n`).join('');
}

/** The entity's place in its API's sync order, from 1. */
const entityNumber = (e: SyncEntity) => SYNC_ENTITIES[e.split('.')[0] as ApiKind].indexOf(e) + 1;

/**
 * Waits for the connections' syncs: one stderr line when a connection moves on to the next entity and
 * one when it ends (a page-by-page line would be thousands for a large LMS).
 */
async function followSync(s: Services, io: CliIo, ids: string[]): Promise<StopCause | null> {
  const lastEntity = new Map<string, string | null>();
  const waits = new WaitsSaid();
  // Each line names the connection as the admin named it (names are unique), not by its id.
  const names = new Map(ids.map((id) => [id, getConnection(s.db, id)?.name ?? id]));
  const named = (id: string) => showControls(names.get(id) ?? id);
  const off = s.events.subscribe((m) => {
    if (m.event !== 'sync:progress') return;
    const p = m.payload as SyncProgress; // the event name decides the payload
    if (!ids.includes(p.connectionId)) return;
    const ended = p.state !== 'running';
    if (p.waitingUntil !== undefined && !ended) {
      // A wait the LMS asked for: said, or a long one looks like a hang — once, though several requests
      // in flight are each told to wait.
      if (waits.isNews(p.connectionId, p.waitingUntil))
        io.stderr.write(
          `${named(p.connectionId)}: waiting until ${formatDateTime(p.waitingUntil)}, as the LMS asked (Retry-After) · ${p.fetched} rows so far; Ctrl+C stops, and \`sync run\` goes on from there\n`,
        );
      return;
    }
    if (!ended && lastEntity.get(p.connectionId) === p.entity) return;
    lastEntity.set(p.connectionId, p.entity);
    const what = ended
      ? `${p.state}${p.error ? `: ${p.error}` : ''}`
      : p.entity
        ? `${SYNC_ENTITY_LABELS[p.entity]} (${entityNumber(p.entity)}/${p.entitiesTotal})`
        : p.label;
    // The error and the label may quote the LMS (a course title, a response body): escaped, as in tables.
    io.stderr.write(`${named(p.connectionId)}: ${showControls(what)} · ${p.fetched} rows so far, ${p.requests} requests\n`);
  });
  // Ctrl+C, SIGTERM (`kill`, a service manager) or its output closed (`| head`): stop at the last saved page, as a job pauses, so the
  // run is left `interrupted` and said so, rather than the process dying mid-page without a word.
  let stoppedBy: StopCause | null = null;
  const onSignal = (signal: StopCause) => {
    stoppedBy = signal;
    io.stderr.write(
      '\nStopping the sync; the next `sync run` resumes where it stopped. (Ctrl+C again stops without waiting)\n',
    );
    void s.sync.close();
  };
  // Ctrl+C again: stop at once, not waiting for the pages in flight (a slow LMS held it for as long as
  // they took); the process ends with 130, as a job's run does (stopRequests.ts).
  const stopNow = () => {
    io.stderr.write('\nStopping now without waiting for the answers.\n');
    try {
      s.sync.stopNow();
      io.stderr.write('The sync is interrupted at its last saved page: the next `sync run` resumes from there.\n');
    } catch (e) {
      io.stderr.write(
        `The stop could not be saved (${e instanceof Error ? e.message : String(e)}): the sync is interrupted when Bulk Desk next starts, and resumes from there.\n`,
      );
    }
  };
  const stopListening = onStop(onSignal, stopNow);
  try {
    await Promise.all(ids.map((id) => s.sync.whenDone(id)));
  } finally {
    off();
    stopListening();
  }
  return stoppedBy;
}

export const SYNC_REPORT_COMMANDS: Command[] = [
  {
    words: ['sync', 'run'],
    summary: "Fetch the LMS's own data (courses, learners, enrolments, results) into the local store",
    details:
      'Every page of every entity, with the same retries and throttle as jobs. An interrupted sync\n' +
      '(Ctrl+C, a crash, a network failure) resumes from its last saved page when run again within 24 h.\n' +
      'A list that changes in the LMS while it is read is read again from its start; one that keeps\n' +
      'changing ends with a warning, and nothing is removed from the store on its strength.\n' +
      'Exit code 1 when any connection failed; 130 stopped by Ctrl+C, 143 by SIGTERM (resumable). A stop\n' +
      'waits for the pages in flight; Ctrl+C again stops without waiting.',
    options: { ...CONNECTION_OPT, ...JSON_OPT },
    optionHelp: [CONNECTION_HELP, JSON_HELP],
    async run({ s, io, values }) {
      const services = svc(s);
      const chosen = connectionIds(values);
      const answer = await call(services, 'sync.start', { connectionIds: chosen });
      // Every connection means every one with a stored secret: those left out are named, with why and the
      // fix (src-shared/sync/syncSkips.ts, the Reports screen's words too), so a nightly script's log does
      // not pass their old data off as synced.
      for (const c of answer)
        if (c.notSynced)
          io.stderr.write(
            `Not synced: ${showControls(c.connectionName)} (${c.connectionId}): ` +
              `${syncSkipCliText(c.notSynced, c.connectionId, (cmd) => cliCommand(cmd, services.dataDir))}\n`,
          );
      const started = answer.filter((c) => !c.notSynced);
      if (started.length === 0) {
        io.stderr.write('No connection with a stored secret to sync.\n');
        return EXIT.failed;
      }
      const ids = started.map((x) => x.connectionId);
      const stoppedBy = await followSync(services, io, ids);
      const after = await call(services, 'sync.status', {});
      const mine = after.filter((x) => ids.includes(x.connectionId));
      if (values.json) await write(io.stdout, JSON.stringify(mine, null, 2) + '\n');
      else await write(io.stdout, syncTable(mine));
      io.stderr.write(syncWarnings(mine));
      if (mine.every((x) => x.lastRun?.state === 'completed')) return EXIT.ok;
      // Stopped by a signal with nothing failed: the codes a job gives (130 Ctrl+C, 143 SIGTERM).
      if (stoppedBy && !mine.some((x) => x.lastRun?.state === 'failed'))
        return stopExitCode(stoppedBy);
      return EXIT.failed;
    },
  },
  {
    words: ['sync', 'status'],
    summary: 'Show the last sync of each connection and what the store holds',
    options: { ...JSON_OPT },
    optionHelp: [JSON_HELP],
    async run({ s, io, values }) {
      const list = await call(svc(s), 'sync.status', {});
      await write(io.stdout, values.json ? JSON.stringify(list, null, 2) + '\n' : syncTable(list));
      io.stderr.write(syncWarnings(list));
      return EXIT.ok;
    },
  },
  {
    words: ['reports', 'courses'],
    summary: 'List synced courses with the keys a compliance report takes',
    options: { ...CONNECTION_OPT, ...JSON_OPT },
    optionHelp: [CONNECTION_HELP, JSON_HELP],
    async run({ s, io, values }) {
      const list = await call(svc(s), 'reports.courses', { connectionIds: connectionIds(values) });
      await write(
        io.stdout,
        values.json
          ? JSON.stringify(list, null, 2) + '\n'
          : table(
              ['key', 'course'],
              list.map((c) => [c.key, c.title]),
            ),
      );
      return EXIT.ok;
    },
  },
  {
    words: ['reports', 'run'],
    summary: 'Compute a report over the synced data (offline) and print it or write it as CSV',
    args: '<report>',
    positionals: 1,
    details:
      `Reports: ${REPORT_NAMES.join(', ')}.\n` +
      'Run `bulk-desk sync run` first: reports read the local store only, never the LMS. When a\n' +
      "connection's latest sync did not finish, the report's notes say so: its figures are partial, the\n" +
      'command exits 1, and a CSV written with --out says so on its first line.',
    options: {
      ...CONNECTION_OPT,
      by: { type: 'string' },
      courses: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      table: { type: 'string' },
      ...JSON_OPT,
    },
    optionHelp: [
      CONNECTION_HELP,
      ['--by DIMENSION', 'timeToCompletion: course|cohort · compliance: client|company|department'],
      ['--courses KEY,KEY', 'compliance: the required courses (from `reports courses`)'],
      [
        '--from DATE --to DATE',
        'progressOverTime: the last sync at or before each: a day, 2026-01-31 (to its end), or a time, 2026-01-31T09:30; UTC unless an offset (+02:00) ends it',
      ],
      ['--out FILE.csv', 'write the table as CSV (formula cells escaped) instead of printing it; JSON: --json > FILE.json'],
      ['--table N', 'with --out: which table of the report (default 1)'],
      JSON_HELP,
    ],
    async run({ s, io, values, args }) {
      const services = svc(s);
      const report = reportRequest(args[0]!, values);
      if (values.table !== undefined && values.out === undefined)
        throw new UsageError('--table goes with --out: it chooses which table of the report the CSV holds');
      if (values.json && values.out !== undefined)
        throw new UsageError('--json and --out: choose one (--json prints the whole report, --out writes one table as CSV)');
      if (typeof values.out === 'string') {
        // The file is CSV whatever its name: a .json or .xlsx name would hold CSV that its reader refuses.
        // One JSON form already exists (--json, the whole report with its notes), so no second one here.
        if (extname(values.out).toLowerCase() !== '.csv')
          throw new UsageError(
            `--out writes CSV, so its name ends in .csv, not "${basename(values.out)}". ` +
              `For the report as JSON: ${cliCommand(`reports run ${report.name} … --json`, services.dataDir)} > ${basename(values.out, extname(values.out))}.json`,
          );
        const n = values.table === undefined ? 1 : Number(values.table);
        if (!Number.isInteger(n) || n < 1) throw new UsageError('--table must be a whole number from 1');
        let r;
        try {
          r = await call(services, 'reports.export', { report, table: n - 1, path: resolve(values.out) });
        } catch (e) {
          // A table the report does not have is a mistake in the flag (exit 2), said with how many there are.
          if (!(e instanceof AppError) || e.details?.field !== 'table') throw e;
          const count = (await call(services, 'reports.run', report)).tables.length;
          throw new UsageError(`--table ${n}: ${report.name} has ${plural(count, 'table')} (--table 1${count > 1 ? `–${count}` : ''})`);
        }
        io.stderr.write(`Wrote ${plural(r.rows, 'row')} to ${r.path}\n`);
        // The CSV holds the figures only: what the report says about them (nothing synced, a sync that did
        // not finish, so the figures are partial) is said here, as a printed report says it; partial figures
        // are said on the file's first line too, and exit 1.
        io.stderr.write(cliNotes(r.notes, services.dataDir));
        if (r.partial) io.stderr.write('The figures are partial: the file says so on its first line.\n');
        return r.partial ? EXIT.failed : EXIT.ok;
      }
      const shown = await call(services, 'reports.run', report);
      const notes = shown.notes.map(cliNote);
      const view = { ...shown, notes };
      // Partial figures (a connection's latest sync did not finish) exit 1, however they are given.
      const done = shown.partial ? EXIT.failed : EXIT.ok;
      if (values.json) {
        await write(io.stdout, JSON.stringify(view, null, 2) + '\n');
        return done;
      }
      let text = `${view.title}\n${view.description}\n\n`;
      for (const t of view.tables) text += textTable(t, view.title) + '\n';
      // Notes quote titles and keys; their `bulk-desk …` hints carry this folder's --data-dir.
      text += cliNotes(shown.notes, services.dataDir);
      // An empty chart that knows why (progress with one sync so far): the screen says it in its place.
      if (view.chart?.kind === 'bar' && view.chart.bars.length === 0 && view.chart.empty) text += `Note: ${view.chart.empty}\n`;
      await write(io.stdout, text);
      return done;
    },
  },
];
