// The synced catalog as lookup records (title, email or name → id) for the mapping's `lookup` transform.
import type { LookupEntity, LookupKey } from '../../src-shared/mapping/types';
import type { Db } from './openDb';

export interface LookupRecord {
  /** The text a cell is matched against: a title, an email or a group name. */
  key: string;
  id: string;
  /** The record's name as the LMS spells it (a lookup with `to: 'name'` sends it). */
  name: string;
  /** Soft-deleted in the LMS (Coassemble courses): kept in the catalog so they can be restored by title. */
  deleted: boolean;
}

/** Each record's key text and id; empty when the entity and key do not go together (a course has no email). */
export function lookupRecords(
  db: Db,
  entity: LookupEntity,
  from: LookupKey,
  connectionId: string,
): LookupRecord[] {
  const rows = (sql: string) =>
    (db.prepare(sql).all(connectionId) as (Omit<LookupRecord, 'deleted'> & { deleted: number })[]).map(
      (r) => ({
        ...r,
        deleted: r.deleted === 1,
      }),
    );
  switch (entity) {
    case 'coassemble.course':
    case 'coursepath.course':
      return from !== 'title'
        ? []
        : rows(`SELECT title AS key, course_id AS id, title AS name, COALESCE(status, '') = 'deleted' AS deleted
                FROM synced_courses WHERE connection_id = ? ORDER BY course_id`);
    case 'coassemble.user':
    case 'coursepath.member':
      return from !== 'email'
        ? []
        : rows(`SELECT email AS key, learner_id AS id, email AS name, 0 AS deleted
                FROM synced_learners WHERE connection_id = ? AND email IS NOT NULL ORDER BY learner_id`);
    case 'coursepath.program':
      return from !== 'title'
        ? []
        : rows(`SELECT title AS key, program_id AS id, title AS name, 0 AS deleted
                FROM synced_programs WHERE connection_id = ? ORDER BY program_id`);
    case 'coursepath.group':
      return from !== 'name'
        ? []
        : rows(`SELECT name AS key, group_id AS id, name AS name, 0 AS deleted
                FROM synced_groups WHERE connection_id = ? ORDER BY group_id`);
  }
}
