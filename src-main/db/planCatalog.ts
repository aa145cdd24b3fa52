// A plan's reads answered from the synced catalog (migration 0003's synced_* tables) instead of the LMS:
// the same records, in the shape the live reads return, as far as the catalog keeps them. What it does
// not keep (a Coursepath member's first and last name) is simply absent from the record, and the plan
// counts it as not known (src-shared/plan/fieldDiff.ts).
import type { LmsRecord, ReaderId } from '../../src-shared/plan/planner';
import type { SyncEntity } from '../../src-shared/sync/types';
import type { Db } from './openDb';
import { entityStatuses } from './sync';

/** The synced entity each reader's answer comes from. */
export const CATALOG_ENTITY: Readonly<Record<ReaderId, SyncEntity>> = {
  'cp.memberByEmail': 'coursepath.members',
  'cp.memberById': 'coursepath.members',
  'cp.course': 'coursepath.courses',
  'cp.enrolment': 'coursepath.courseMembers',
  'cp.group': 'coursepath.groups',
  'cp.groupMember': 'coursepath.groupMembers',
  'ca.user': 'coassemble.users',
  'ca.userFull': 'coassemble.users',
  'ca.client': 'coassemble.clients',
  'ca.clientFull': 'coassemble.clients',
};

/** The latest completed sync of a connection: when, and which entities it read in full. */
export function latestCompleteCatalog(
  db: Db,
  connectionId: string,
): { runId: number; finishedAt: number; complete: Set<SyncEntity>; notes: Map<SyncEntity, string> } | null {
  const r = db
    .prepare(
      `SELECT id, finished_at AS finishedAt FROM sync_runs
        WHERE connection_id = ? AND state = 'completed' ORDER BY finished_at DESC, id DESC LIMIT 1`,
    )
    .get(connectionId) as { id: number; finishedAt: number } | undefined;
  if (!r) return null;
  const complete = new Set<SyncEntity>();
  const notes = new Map<SyncEntity, string>();
  for (const s of entityStatuses(db, r.id)) {
    if (s.status === 'done') complete.add(s.entity);
    else if (s.note) notes.set(s.entity, s.note);
  }
  return { runId: r.id, finishedAt: r.finishedAt, complete, notes };
}

interface LearnerRow {
  learner_id: string;
  email: string | null;
  name: string | null;
  company: string | null;
  department: string | null;
  country: string | null;
  external_id: string | null;
  client_identifier: string | null;
  metadata_json: string | null;
}

const member = (r: LearnerRow): LmsRecord => ({
  id: r.learner_id,
  email: r.email,
  name: r.name,
  company: r.company,
  department: r.department,
  country: r.country,
  externalId: r.external_id,
});

const user = (r: LearnerRow): LmsRecord => ({
  identifier: r.learner_id,
  clientIdentifier: r.client_identifier,
  name: r.name,
  ...(r.metadata_json !== null ? { metadata: JSON.parse(r.metadata_json) as unknown } : {}),
});

const split = (key: string): [string, string] => {
  const i = key.indexOf(':');
  return [key.slice(0, i), key.slice(i + 1)];
};

/** A reader over the catalog of one connection: key → record, or null when the catalog does not have it. */
export function catalogReader(
  db: Db,
  connectionId: string,
): (reader: ReaderId, key: string) => LmsRecord | null {
  const q = {
    byEmail: db.prepare(
      `SELECT * FROM synced_learners WHERE connection_id = ? AND email = ? COLLATE NOCASE ORDER BY learner_id LIMIT 1`,
    ),
    learner: db.prepare(`SELECT * FROM synced_learners WHERE connection_id = ? AND learner_id = ?`),
    course: db.prepare(
      `SELECT course_id AS id, title FROM synced_courses WHERE connection_id = ? AND course_id = ?`,
    ),
    enrolment: db.prepare(
      `SELECT course_id AS courseId, learner_id AS memberId FROM synced_enrolments WHERE connection_id = ? AND record_id = ?`,
    ),
    groups: db.prepare(`SELECT group_id AS id, name FROM synced_groups WHERE connection_id = ?`),
    groupMember: db.prepare(
      `SELECT group_id AS groupId, learner_id AS memberId FROM synced_group_members
        WHERE connection_id = ? AND group_id = ? AND learner_id = ?`,
    ),
    client: db.prepare(
      `SELECT client_identifier, metadata_json FROM synced_clients WHERE connection_id = ? AND client_identifier = ?`,
    ),
  };
  let groupsByName: Map<string, LmsRecord> | null = null;
  return (reader, key) => {
    switch (reader) {
      case 'cp.memberByEmail': {
        const r = q.byEmail.get(connectionId, key) as LearnerRow | undefined;
        return r ? member(r) : null;
      }
      case 'cp.memberById': {
        const r = q.learner.get(connectionId, key) as LearnerRow | undefined;
        return r ? member(r) : null;
      }
      case 'cp.course': {
        const r = q.course.get(connectionId, key) as { id: string; title: string } | undefined;
        return r ? { id: r.id, name: r.title } : null;
      }
      case 'cp.enrolment':
        return (q.enrolment.get(connectionId, key) as LmsRecord | undefined) ?? null;
      case 'cp.group': {
        if (!groupsByName) {
          groupsByName = new Map();
          for (const g of q.groups.all(connectionId) as { id: string; name: string }[])
            groupsByName.set(g.name.trim().replace(/\s+/g, ' ').toLowerCase(), g);
        }
        return groupsByName.get(key) ?? null;
      }
      case 'cp.groupMember': {
        const [g, m] = split(key);
        return (q.groupMember.get(connectionId, g, m) as LmsRecord | undefined) ?? null;
      }
      case 'ca.user':
      case 'ca.userFull': {
        const r = q.learner.get(connectionId, key) as LearnerRow | undefined;
        return r ? user(r) : null;
      }
      case 'ca.client':
      case 'ca.clientFull': {
        const r = q.client.get(connectionId, key) as
          { client_identifier: string; metadata_json: string | null } | undefined;
        if (!r) return null;
        return {
          clientIdentifier: r.client_identifier,
          ...(r.metadata_json !== null ? { metadata: JSON.parse(r.metadata_json) as unknown } : {}),
        };
      }
    }
  };
}
