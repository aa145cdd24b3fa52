// What a sync of an LMS connection fetches and how far it got: DTOs for the sync.* calls and the
// sync:progress event. The sync itself runs in main (src-main/sync/).
import type { ApiKind } from '../connectors/types';
import type { SyncSkip } from './syncSkips';

export type SyncEntity =
  | 'coassemble.courses'
  | 'coassemble.screenTypes'
  | 'coassemble.clients'
  | 'coassemble.users'
  | 'coassemble.trackings'
  | 'coursepath.courses'
  | 'coursepath.members'
  | 'coursepath.courseMembers'
  | 'coursepath.groups'
  | 'coursepath.groupMembers'
  | 'coursepath.programs';

export const SYNC_ENTITY_LABELS: Record<SyncEntity, string> = {
  'coassemble.courses': 'Courses',
  'coassemble.screenTypes': 'Screen types',
  'coassemble.clients': 'Clients',
  'coassemble.users': 'Users',
  'coassemble.trackings': 'Trackings',
  'coursepath.courses': 'Courses',
  'coursepath.members': 'Members',
  'coursepath.courseMembers': 'Course members and results',
  'coursepath.groups': 'Groups',
  'coursepath.groupMembers': 'Group members',
  'coursepath.programs': 'Programs',
};

/** The order a sync fetches in: parents before the lists that need their ids. */
export const SYNC_ENTITIES: Record<ApiKind, SyncEntity[]> = {
  coassemble: [
    'coassemble.courses',
    'coassemble.screenTypes',
    'coassemble.clients',
    'coassemble.users',
    'coassemble.trackings',
  ],
  coursepath: [
    'coursepath.courses',
    'coursepath.members',
    'coursepath.groups',
    'coursepath.programs',
    'coursepath.groupMembers',
    'coursepath.courseMembers',
  ],
};

export type SyncRunState = 'running' | 'completed' | 'failed' | 'interrupted';

export interface SyncEntityStatus {
  entity: SyncEntity;
  label: string;
  /**
   * `unavailable`: the API does not serve it (e.g. Coassemble screen types answer 404 since 2025).
   * `changed`: it kept changing in the LMS while it was read, so it was not pruned from (`note` says which).
   */
  status: 'pending' | 'done' | 'unavailable' | 'changed';
  /** Rows fetched in this run. */
  fetched: number;
  note: string | null;
}

export interface SyncRunDto {
  id: number;
  connectionId: string;
  state: SyncRunState;
  startedAt: number;
  finishedAt: number | null;
  requests: number;
  retries: number;
  error: string | null;
  entities: SyncEntityStatus[];
}

export interface SyncCounts {
  courses: number;
  learners: number;
  enrolments: number;
  clients: number;
  groups: number;
  snapshots: number;
}

export interface SyncStatusDto {
  connectionId: string;
  connectionName: string;
  api: ApiKind;
  running: boolean;
  lastRun: SyncRunDto | null;
  /** When the last complete sync finished; null if never. */
  lastCompletedAt: number | null;
  counts: SyncCounts;
  /**
   * Only in `sync.start`'s answer over every connection: this one was left out (no secret stored, or the
   * keychain unreachable) and why (src-shared/sync/syncSkips.ts); it is not syncing.
   */
  notSynced?: SyncSkip;
}

/** `sync:progress`: one per page fetched and one when a run ends. */
export interface SyncProgress {
  connectionId: string;
  runId: number;
  state: SyncRunState;
  entity: SyncEntity | null;
  /** e.g. "Trackings · Security Basics". */
  label: string;
  /** Rows fetched in this run so far, all entities. */
  fetched: number;
  requests: number;
  entitiesDone: number;
  entitiesTotal: number;
  error: string | null;
  /** Waiting as the LMS asked (Retry-After), until then (ms); absent otherwise. */
  waitingUntil?: number;
}

/** A completed sync, for choosing the dates of a progress comparison. */
export interface SyncRunSummary {
  id: number;
  connectionId: string;
  connectionName: string;
  finishedAt: number;
  enrolments: number;
}
