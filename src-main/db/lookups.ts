// The synced catalog as lookup records (title, email or name → id) for the mapping's `lookup` transform.
import type { LookupEntity, LookupKey } from '../../src-shared/mapping/types';
import type { UndoTargetKind } from '../../src-shared/undo/undoTargets';
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

/** Where the synced catalogue names each kind of undo target: its table, id and name columns. */
const TARGET_NAMES: Partial<Record<UndoTargetKind, { table: string; id: string; name: string }>> = {
  course: { table: 'synced_courses', id: 'course_id', name: 'title' },
  program: { table: 'synced_programs', id: 'program_id', name: 'title' },
  group: { table: 'synced_groups', id: 'group_id', name: 'name' },
  member: { table: 'synced_learners', id: 'learner_id', name: 'email' },
};

/**
 * What the synced catalogue calls each of `ids` (a course's title, a member's email), for a confirmation to
 * name them; an id it does not know (never synced) is absent. A user or client is named by its identifier.
 */
export function catalogNames(db: Db, connectionId: string, kind: UndoTargetKind, ids: readonly string[]): Map<string, string> {
  const t = TARGET_NAMES[kind];
  const out = new Map<string, string>();
  if (!t || ids.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT ${t.id} AS id, ${t.name} AS name FROM ${t.table}
        WHERE connection_id = ? AND ${t.id} IN (${ids.map(() => '?').join(', ')}) AND ${t.name} IS NOT NULL`,
    )
    .all(connectionId, ...ids) as { id: string; name: string }[];
  for (const r of rows) out.set(r.id, r.name);
  return out;
}
