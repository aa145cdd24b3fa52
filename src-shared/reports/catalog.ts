// Lookups from the plain rows: course and learner by key, so each report joins the same way.
import { courseKey, learnerKey, type CourseRow, type LearnerRow, type SyncedData } from './types';

export interface Catalog {
  course(connectionId: string, courseId: string): CourseRow | undefined;
  learner(connectionId: string, learnerId: string): LearnerRow | undefined;
}

export function catalogOf(data: Pick<SyncedData, 'courses' | 'learners'>): Catalog {
  const courses = new Map(data.courses.map((c) => [courseKey(c.connectionId, c.courseId), c]));
  const learners = new Map(data.learners.map((l) => [learnerKey(l.connectionId, l.learnerId), l]));
  return {
    course: (connectionId, courseId) => courses.get(courseKey(connectionId, courseId)),
    learner: (connectionId, learnerId) => learners.get(learnerKey(connectionId, learnerId)),
  };
}
