// Learners who started a course and have not finished it: started, no completion date. Oldest start
// first, since those are the ones to chase.
import { catalogOf } from './catalog';
import type { SourceRef, SyncedData } from './types';

export interface StartedNotFinishedRow extends SourceRef {
  learnerId: string;
  name: string | null;
  email: string | null;
  courseId: string;
  title: string;
  startedAt: number;
  progress: number | null;
}

export function startedNotFinished(data: SyncedData): StartedNotFinishedRow[] {
  const cat = catalogOf(data);
  const rows: StartedNotFinishedRow[] = [];
  for (const e of data.enrolments) {
    if (e.startedAt === null || e.completedAt !== null) continue;
    const course = cat.course(e.connectionId, e.courseId);
    const learner = cat.learner(e.connectionId, e.learnerId);
    const ref = course ?? learner;
    rows.push({
      connectionId: e.connectionId,
      source: ref?.source ?? e.connectionId,
      api: ref?.api ?? 'coassemble',
      learnerId: e.learnerId,
      name: learner?.name ?? null,
      email: learner?.email ?? null,
      courseId: e.courseId,
      title: course?.title ?? `course ${e.courseId}`,
      startedAt: e.startedAt,
      progress: e.progress,
    });
  }
  return rows.sort(
    (a, b) => a.startedAt - b.startedAt || a.source.localeCompare(b.source) || a.learnerId.localeCompare(b.learnerId),
  );
}
