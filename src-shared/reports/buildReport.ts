// A report request plus the plain rows → what the screen shows and CSV writes: tables, a chart, notes.
// Each report's figures come from its own pure function (completionRate.ts, scores.ts…); this file only
// lays them out, so the tests check the figures and the screen shows exactly those.
import { completionRate } from './completionRate';
import { compliance, type ComplianceResult } from './compliance';
import { contentFormats } from './contentFormats';
import {
  progressChartEmpty,
  progressOverTime,
  type EnrolmentCoverage,
  type ProgressOverTimeRow,
  type ProgressSync,
  type RemovedCourse,
} from './progressOverTime';
import { SCORE_BINS, scoreHistogram, scores } from './scores';
import { startedNotFinished } from './startedNotFinished';
import { isoDate } from './stats';
import { timeToCompletion } from './timeToCompletion';
import type { ChartSpec, ComplianceDimension, EnrolmentRow, ReportColumn, ReportRequest, ReportView, SyncedData } from './types';
import { andList } from '../util/andList';
import { formatDateTime } from '../util/dates';
import { firstFew } from '../util/firstFew';

export interface ReportInput {
  data: SyncedData;
  /**
   * progressOverTime only: the snapshots at or before `from` and `to`, and what they are.
   * `fromConnections`: the connections synced by `from` (the others have no start to compare with).
   */
  snapshots?: {
    from: EnrolmentRow[];
    to: EnrolmentRow[];
    fromLabel: string;
    toLabel: string;
    fromConnections?: ReadonlySet<string>;
    /** Courses the snapshots hold that the catalog no longer lists (deleted in the LMS since). */
    removedCourses?: RemovedCourse[];
    /** What each date's syncs read of the courses' enrolments, per connection. */
    coverage?: { from?: ReadonlyMap<string, EnrolmentCoverage>; to?: ReadonlyMap<string, EnrolmentCoverage> };
    /** The syncs each date falls on, and every complete sync: why the chart may have nothing to show. */
    syncs?: { from: ProgressSync[]; to: ProgressSync[]; all: ProgressSync[] };
  };
  /** compliance only: the course keys whose trackings / course members a sync has read to the end. */
  enrolmentsRead?: ReadonlySet<string>;
  /** compliance only: courses deleted in the LMS (synced, left out of the reports), key → title. */
  deletedCourses?: ReadonlyMap<string, string>;
  notes?: string[];
}

const col = (key: string, label: string, type: ReportColumn['type'] = 'text'): ReportColumn => ({ key, label, type });
const SOURCE = col('source', 'Source');

export const REPORT_TITLES: Record<ReportRequest['name'], string> = {
  completionRate: 'Completion rate per course',
  startedNotFinished: 'Started, not finished',
  scores: 'Scores per course',
  timeToCompletion: 'Time to completion',
  compliance: 'Training compliance',
  contentFormats: 'Content formats',
  progressOverTime: 'Progress between two dates',
};

export function buildReport(req: ReportRequest, input: ReportInput): ReportView {
  const { data } = input;
  const notes = [...(input.notes ?? [])];
  const base = { name: req.name, title: REPORT_TITLES[req.name], notes };
  switch (req.name) {
    case 'completionRate': {
      const rows = completionRate(data);
      return {
        ...base,
        description: 'Completed ÷ enrolled per course (a Coassemble tracking or a Coursepath course member is one enrolment).',
        tables: [
          {
            title: base.title,
            columns: [SOURCE, col('title', 'Course'), col('courseId', 'Course ID'), col('enrolled', 'Enrolled', 'number'), col('started', 'Started', 'number'), col('completed', 'Completed', 'number'), col('rate', 'Completion rate', 'percent')],
            rows: rows.map((r) => ({ source: r.source, title: r.title, courseId: r.courseId, enrolled: r.enrolled, started: r.started, completed: r.completed, rate: r.rate })),
          },
        ],
        chart: {
          kind: 'bar',
          title: 'Completion rate (%)',
          unit: '%',
          max: 100,
          bars: rows.filter((r) => r.rate !== null).map((r) => ({ label: r.title, value: r.rate!, group: r.source })),
        },
      };
    }
    case 'startedNotFinished': {
      const rows = startedNotFinished(data);
      const perCourse = new Map<string, number>();
      for (const r of rows) perCourse.set(r.title, (perCourse.get(r.title) ?? 0) + 1);
      return {
        ...base,
        description: 'Learners with a start date and no completion date, oldest start first.',
        tables: [
          {
            title: base.title,
            columns: [SOURCE, col('name', 'Learner'), col('email', 'Email'), col('title', 'Course'), col('startedAt', 'Started', 'date'), col('progress', 'Progress (%)', 'number')],
            rows: rows.map((r) => ({ source: r.source, name: r.name, email: r.email, title: r.title, startedAt: isoDate(r.startedAt), progress: r.progress })),
          },
        ],
        chart: {
          kind: 'bar',
          title: 'Learners not finished, per course',
          unit: '',
          max: null,
          bars: [...perCourse.entries()].sort((a, b) => b[1] - a[1]).map(([label, value]) => ({ label, value })),
        },
      };
    }
    case 'scores': {
      const rows = scores(data);
      const scored = rows.filter((r) => r.count > 0);
      return {
        ...base,
        description: 'Average, median and spread of every recorded score (0–100) per course; the chart counts all scores in ten-point bins.',
        tables: [
          {
            title: base.title,
            columns: [SOURCE, col('title', 'Course'), col('count', 'Scores', 'number'), col('average', 'Average', 'number'), col('median', 'Median', 'number'), col('min', 'Lowest', 'number'), col('max', 'Highest', 'number'), ...SCORE_BINS.map((b, i) => col(`bin${i}`, b, 'number'))],
            rows: scored.map((r) => ({
              source: r.source, title: r.title, count: r.count, average: r.average, median: r.median, min: r.min, max: r.max,
              ...Object.fromEntries(r.distribution.map((n, i) => [`bin${i}`, n])),
            })),
          },
        ],
        chart: { kind: 'histogram', title: 'Distribution of scores', x: 'Score (0–100)', y: 'Number of scores', bins: scoreHistogram(scored).map((count, i) => ({ label: SCORE_BINS[i]!, count })) },
      };
    }
    case 'timeToCompletion': {
      const rows = timeToCompletion(data, req.by);
      const first = req.by === 'course' ? col('group', 'Course') : col('group', 'Cohort (month started)');
      return {
        ...base,
        title: `${base.title} per ${req.by}`,
        description: 'Completed minus started, in hours, for every finished enrolment with both dates.',
        tables: [
          {
            title: `${base.title} per ${req.by}`,
            columns: [...(req.by === 'course' ? [SOURCE] : []), first, col('completions', 'Completions', 'number'), col('averageHours', 'Average (h)', 'number'), col('medianHours', 'Median (h)', 'number'), col('minHours', 'Fastest (h)', 'number'), col('maxHours', 'Slowest (h)', 'number')],
            rows: rows.map((r) => ({ source: r.source, group: r.group, completions: r.completions, averageHours: r.averageHours, medianHours: r.medianHours, minHours: r.minHours, maxHours: r.maxHours })),
          },
        ],
        chart: { kind: 'bar', title: 'Median hours to complete', unit: 'h', max: null, bars: rows.map((r) => ({ label: r.group, value: r.medianHours ?? 0, ...(r.source ? { group: r.source } : {}) })) },
      };
    }
    case 'compliance': {
      // Nobody can be judged against no course: ask for them rather than show empty tables to export.
      if (req.courseKeys.length === 0)
        return { ...base, description: complianceDescription(req.by), tables: [], chart: null, prompt: CHOOSE_COURSES };
      const r = compliance(data, req.courseKeys, req.by, input.enrolmentsRead);
      notes.push(...complianceNotes(r, input.deletedCourses));
      const dim = dimensionLabel(req.by);
      return {
        ...base,
        description: complianceDescription(req.by),
        tables: [
          {
            title: 'Learners',
            columns: [col('group', dim), col('name', 'Learner'), col('email', 'Email'), col('sources', 'Source'), col('completed', 'Completed', 'number'), col('required', 'Required', 'number'), col('compliant', 'Compliant'), col('missing', 'Missing courses')],
            rows: r.learners.map((l) => ({ group: l.group, name: l.name, email: l.email, sources: l.sources.join(', '), completed: l.completed, required: l.required, compliant: l.compliant ? 'yes' : 'no', missing: l.missing.join('; ') })),
          },
          {
            title: `By ${dim.toLowerCase()}`,
            columns: [col('group', dim), col('learners', 'Learners', 'number'), col('compliant', 'Compliant', 'number'), col('rate', 'Compliance', 'percent')],
            rows: r.groups.map((g) => ({ group: g.group, learners: g.learners, compliant: g.compliant, rate: g.rate })),
          },
        ],
        chart: { kind: 'bar', title: `Compliance by ${dim.toLowerCase()} (%)`, unit: '%', max: 100, bars: r.groups.map((g) => ({ label: g.group, value: g.rate ?? 0 })) },
      };
    }
    case 'contentFormats': {
      const rows = contentFormats(data);
      return {
        ...base,
        description: 'Screens per screen type across the synced Coassemble courses (Coursepath exposes no screens).',
        tables: [
          {
            title: base.title,
            columns: [SOURCE, col('typeTitle', 'Screen type'), col('typeName', 'Type key'), col('screens', 'Screens', 'number'), col('courses', 'Courses using it', 'number'), col('share', 'Share of screens', 'percent')],
            rows: rows.map((r) => ({ source: r.source, typeTitle: r.typeTitle, typeName: r.typeName, screens: r.screens, courses: r.courses, share: r.share })),
          },
        ],
        chart: { kind: 'bar', title: 'Screens per type', unit: '', max: null, bars: rows.map((r) => ({ label: r.typeTitle, value: r.screens, group: r.source })) },
      };
    }
    case 'progressOverTime': {
      const snap = input.snapshots ?? { from: [], to: [], fromLabel: 'no sync', toLabel: 'no sync' };
      const rows = progressOverTime(data.courses, snap.from, snap.to, snap.fromConnections, snap.removedCourses, snap.coverage);
      notes.push(`From: ${snap.fromLabel}. To: ${snap.toLabel}.`);
      notes.push(...removedCourseNotes(rows));
      notes.push(...notReadNotes(rows, snap.coverage));
      const unstarted = [...new Set(rows.filter((r) => r.enrolledFrom === null).map((r) => r.source))];
      if (unstarted.length)
        notes.push(
          `${andList(unstarted)} had not been synced yet on the first date, so ${unstarted.length === 1 ? 'its' : 'their'} courses have nothing to compare with (shown empty, not counted as new). Choose a later “From”.`,
        );
      return {
        ...base,
        description: 'Each sync keeps a snapshot of every tracking; this compares the last snapshot at or before each date.',
        tables: [
          {
            title: base.title,
            columns: [SOURCE, col('title', 'Course'), col('enrolledFrom', 'Enrolled (from)', 'number'), col('enrolledTo', 'Enrolled (to)', 'number'), col('completedFrom', 'Completed (from)', 'number'), col('completedTo', 'Completed (to)', 'number'), col('newCompletions', 'New completions', 'number'), col('averageProgressFrom', 'Avg progress (from)', 'number'), col('averageProgressTo', 'Avg progress (to)', 'number')],
            rows: rows.map((r) => ({ source: r.source, title: removedTitle(r), enrolledFrom: r.enrolledFrom, enrolledTo: r.enrolledTo, completedFrom: r.completedFrom, completedTo: r.completedTo, newCompletions: r.newCompletions, averageProgressFrom: r.averageProgressFrom, averageProgressTo: r.averageProgressTo })),
          },
        ],
        chart: progressChart(rows, snap.syncs),
      };
    }
  }
}

const dimensionLabel = (by: ComplianceDimension) => (by === 'client' ? 'Client' : by === 'company' ? 'Company' : 'Department');
const complianceDescription = (by: ComplianceDimension) =>
  `Who has completed every chosen course, by ${dimensionLabel(by).toLowerCase()}. People are matched across connections by email.`;

export const CHOOSE_COURSES =
  'Choose the courses everyone must complete (above). The tables, the chart and the CSV export appear once one is chosen.';

const NOT_READ = 'have not been synced (a sync that did not finish, or a list the LMS would not give: see the notes above)';

/** What the compliance tables cannot say: required courses unknown to the catalog or never read. */
function complianceNotes(r: ComplianceResult, deletedTitles?: ReadonlyMap<string, string>): string[] {
  const titles = andList(r.unreadCourses.map((t) => `“${t}”`));
  // A required course deleted in the LMS is in the store (for lookups) but out of the reports: said so,
  // by title, rather than "not in the catalog (sync again?)", which a sync would not change.
  const deleted = r.unknownCourses.filter((k) => deletedTitles?.has(k));
  const unknownKeys = r.unknownCourses.filter((k) => !deletedTitles?.has(k));
  const deletedNote = deleted.length
    ? `${andList(deleted.map((k) => `“${deletedTitles!.get(k)}” (${k})`))} ${deleted.length === 1 ? 'was' : 'were'} deleted in the LMS, so ${deleted.length === 1 ? 'it is' : 'they are'} left out of the required courses. Remove ${deleted.length === 1 ? 'it' : 'them'} from the list, or restore ${deleted.length === 1 ? 'it' : 'them'} in the LMS and sync again.`
    : null;
  const unknown = `Not in the synced catalog (sync again?): ${unknownKeys.join(', ')}`;
  if (r.nothingJudged && r.unreadCourses.length === 0) {
    if (unknownKeys.length === 0) return [`Nothing could be judged: ${deletedNote!}`];
    return [
      `Nothing could be judged: none of the required courses is in the synced catalog (${unknownKeys.join(', ')}). Check the course keys, or sync again if the courses are new.`,
      ...(deletedNote ? [deletedNote] : []),
    ];
  }
  const notes: string[] = [];
  if (r.nothingJudged)
    notes.push(`Nothing could be judged: the trackings or results of ${titles} ${NOT_READ}, so nobody’s completion of ${r.unreadCourses.length === 1 ? 'it' : 'them'} is known. Sync again.`);
  else if (r.unreadCourses.length)
    notes.push(
      `The trackings or results of ${titles} ${NOT_READ}: every learner is shown missing ${r.unreadCourses.length === 1 ? 'it' : 'them'}, which may not be true. Sync again.`,
    );
  if (deletedNote) notes.push(deletedNote);
  if (unknownKeys.length) notes.push(unknown);
  return notes;
}

/** New completions per course; with none, why not (one sync so far, both dates on one sync…). */
function progressChart(rows: readonly ProgressOverTimeRow[], syncs: NonNullable<ReportInput['snapshots']>['syncs']): ChartSpec {
  const bars = rows.filter((r) => r.newCompletions !== null && r.newCompletions !== 0).map((r) => ({ label: removedTitle(r), value: r.newCompletions!, group: r.source }));
  const empty = bars.length === 0 && syncs ? progressChartEmpty(syncs) : null;
  return { kind: 'bar', title: 'New completions between the dates', unit: '', max: null, bars, ...(empty ? { empty } : {}) };
}

/**
 * Per date and source, the courses whose enrolments that date's sync did not read, and why: their figures
 * there are empty, not zero (a course list refused with 403 would otherwise read as everyone unenrolled).
 */
function notReadNotes(rows: readonly ProgressOverTimeRow[], coverage: NonNullable<ReportInput['snapshots']>['coverage']): string[] {
  const notes: string[] = [];
  for (const side of ['from', 'to'] as const) {
    const bySource = new Map<string, ProgressOverTimeRow[]>();
    for (const r of rows) if (r.notRead[side]) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r]);
    for (const [source, list] of bySource) {
      const c = coverage?.[side]?.get(list[0]!.connectionId);
      const when = c ? formatDateTime(c.syncedAt) : 'that date';
      const why = c && !c.listedAll ? `the course list could not be read by the sync of ${when}` : `their trackings or results were not read to the end by the sync of ${when}`;
      const titles = firstFew(list.slice(0, 5).map((r) => `“${removedTitle(r)}”`), list.length);
      notes.push(
        `${source}, ${titles}: ${why}, so their figures on the ${side === 'from' ? 'first' : 'second'} date are empty (unknown, not zero). Compare with another sync of ${source}.`,
      );
    }
  }
  return notes;
}

/** The Course cell of a course removed from the LMS: marked, so it is not read as a live course. */
function removedTitle(r: ProgressOverTimeRow): string {
  return r.removed === 'deleted' ? `${r.title} (deleted)` : r.removed === 'gone' ? `Course ${r.courseId} (no longer in the LMS)` : r.title;
}

/** One note per source naming the courses removed since, and what their rows can and cannot say. */
function removedCourseNotes(rows: readonly ProgressOverTimeRow[]): string[] {
  const bySource = new Map<string, ProgressOverTimeRow[]>();
  for (const r of rows) if (r.removed) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r]);
  return [...bySource].map(([source, list]) => {
    const names = list.map((r) => (r.removed === 'deleted' ? `“${r.title}” was deleted in the LMS` : `course ${r.courseId} is no longer listed by the LMS`));
    const open = list.some((r) => r.enrolledTo === null);
    return `${source}: ${names.join('; ')}. ${list.length === 1 ? 'Its row shows' : 'Their rows show'} what the snapshots hold${open ? '; a removed course is no longer synced, so where the second date has nothing its figures are empty, not counted as new' : ''}.`;
  });
}
