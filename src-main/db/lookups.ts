// The synced catalog as lookup pairs (title or email → id) for the mapping's `lookup` transform.
import type { LookupEntity } from '../../src-shared/mapping/types';
import type { Db } from './openDb';

/** Each record's key text and id; empty when the entity and key do not go together (a course has no email). */
export function lookupPairs(db: Db, entity: LookupEntity, from: 'title' | 'email', connectionId: string): { key: string; id: string }[] {
  const course = entity === 'coassemble.course' || entity === 'coursepath.course';
  if (course && from === 'title') {
    return db
      .prepare(
        `SELECT title AS key, course_id AS id FROM synced_courses
         WHERE connection_id = ? AND COALESCE(status, '') <> 'deleted' ORDER BY course_id`,
      )
      .all(connectionId) as { key: string; id: string }[];
  }
  if (!course && from === 'email') {
    return db
      .prepare(`SELECT email AS key, learner_id AS id FROM synced_learners WHERE connection_id = ? AND email IS NOT NULL ORDER BY learner_id`)
      .all(connectionId) as { key: string; id: string }[];
  }
  return [];
}
