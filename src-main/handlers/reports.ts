// reports.*: offline reports over the synced data. SQL reads in ../db/reports.ts, figures in
// src-shared/reports (pure, tested against the sandbox's seed), CSV by the shared formula-safe writer.
import { isAbsolute, join } from 'node:path';
import { AppError } from '../../src-shared/contract/errors';
import { buildReport, type ReportInput } from '../../src-shared/reports/buildReport';
import { NOTHING_SYNCED_NOTE } from '../../src-shared/reports/nothingSynced';
import { reportCsv } from '../../src-shared/reports/reportCsv';
import { courseKey, type ReportRequest, type ReportView } from '../../src-shared/reports/types';
import type { Db } from '../db/openDb';
import { completedRuns, deletedCourses, enrolmentCoverage, enrolmentsRead, noResultEnrolments, readCourses, readSyncedData, removedCourses, snapshotAt, unavailableLists, unfinishedSyncs } from '../db/reports';
import { noResultNotes } from '../../src-shared/reports/noResultNotes';
import { unavailableNotes } from '../../src-shared/reports/unavailableNotes';
import { unfinishedSyncNotes } from '../../src-shared/reports/unfinishedSyncNotes';
import { formatDateTime } from '../../src-shared/util/dates';
import { writeFileAtomic } from '../services/atomicFile';
import { makeFolderFor } from '../services/folderFor';
import type { HandlerContext } from './context';
import { resolveConnection } from './resolveSpec';
import type { Handlers } from './types';
import { refuseImportedFile } from '../services/importedFileGuard';

export function runReport(db: Db, req: ReportRequest): ReportView {
  const ids = req.connectionIds;
  // A sync that did not finish first: it says whether the figures below can be trusted at all.
  const unfinished = unfinishedSyncNotes(req.name, unfinishedSyncs(db, ids));
  const notes = [
    ...unfinished,
    ...unavailableNotes(req.name, unavailableLists(db, ids)),
    ...noResultNotes(req.name, noResultEnrolments(db, ids)),
  ];
  const input: ReportInput = { data: readSyncedData(db, ids), notes };
  if (req.name === 'compliance') {
    input.enrolmentsRead = enrolmentsRead(db, ids);
    input.deletedCourses = deletedCourses(db, ids);
  }
  if (req.name === 'progressOverTime') {
    const a = snapshotAt(db, req.from, ids);
    const b = snapshotAt(db, req.to, ids);
    const label = (s: typeof a) =>
      s.runs.length ? s.runs.map((r) => `${r.connectionName} synced ${formatDateTime(r.finishedAt)}`).join('; ') : 'no sync by then';
    input.snapshots = {
      from: a.rows,
      to: b.rows,
      fromLabel: label(a),
      toLabel: label(b),
      fromConnections: new Set(a.runs.map((r) => r.connectionId)),
      removedCourses: removedCourses(db, [...a.rows, ...b.rows]),
      coverage: { from: enrolmentCoverage(db, a.runs), to: enrolmentCoverage(db, b.runs) },
      syncs: { from: a.runs, to: b.runs, all: completedRuns(db, ids) },
    };
  }
  if (input.data.courses.length === 0) input.notes!.unshift(NOTHING_SYNCED_NOTE);
  const view = buildReport(req, input);
  // "Progress between two dates" compares complete syncs only: an unfinished one is left out, not partial.
  return unfinished.length && req.name !== 'progressOverTime' ? { ...view, partial: unfinished } : view;
}

/**
 * Every connection a report is limited to must exist: an id that names none would filter everything out
 * and read as "Nothing synced yet", an empty report a script takes as true. Said with the id instead (the
 * CLI: wrong usage, exit 2).
 */
function checkConnections(db: Db, ids: readonly string[] | undefined): void {
  for (const id of ids ?? []) resolveConnection(db, id);
}

export function reportHandlers(ctx: HandlerContext) {
  return {
    'reports.run': async (req) => {
      checkConnections(ctx.db, req.connectionIds);
      return runReport(ctx.db, req);
    },
    'reports.courses': async ({ connectionIds }) => {
      checkConnections(ctx.db, connectionIds);
      return readCourses(ctx.db, connectionIds).map((c) => ({ ...c, key: courseKey(c.connectionId, c.courseId) }));
    },
    'reports.export': async ({ report, table = 0, path }) => {
      checkConnections(ctx.db, report.connectionIds);
      if (path !== undefined && !isAbsolute(path)) {
        throw new AppError('INVALID_INPUT', 'path: give a full path, e.g. from a save dialog.', { field: 'path' });
      }
      if (path !== undefined) refuseImportedFile(ctx.db, path);
      if (report.name === 'compliance' && report.courseKeys.length === 0)
        throw new AppError(
          'INVALID_INPUT',
          'Choose at least one course everyone must complete: with none, training compliance has no table to export.',
          { field: 'courseKeys' },
        );
      const view = runReport(ctx.db, report);
      const t = view.tables[table];
      if (!t) throw new AppError('NOT_FOUND', `This report has ${view.tables.length} table(s).`, { field: 'table' });
      const stamp = new Date(ctx.now()).toISOString().replace(/[:.]/g, '-');
      const file = path ?? join(ctx.dataDir, 'exports', `report-${report.name}-${stamp}.csv`);
      makeFolderFor(file); // names the folder and why it cannot be made, never hangs (/proc)
      writeFileAtomic(file, reportCsv(t, view.partial)); // whole or not at all
      return { path: file, rows: t.rows.length, notes: view.notes, partial: !!view.partial };
    },
  } satisfies Partial<Handlers>;
}
