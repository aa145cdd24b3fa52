// Binds the mapping's `lookup` transforms to the synced catalog: each gets `resolved`, the table of
// normalised title/email → id, so preview, test-send and the runner (which keeps the job's mapping as
// created) turn a course title into its id with the same pure code, and flag a value not in the catalog
// as a row error before anything is sent. The table is read once per call, not once per row.
import { lookupKey } from '../../src-shared/mapping/transforms';
import type { FieldSource, LookupTable, Mapping, Transform } from '../../src-shared/mapping/types';
import { getConnection } from '../db/connections';
import { lookupRecords } from '../db/lookups';
import type { Db } from '../db/openDb';
import { lastCompletedAt } from '../db/sync';
import { formatDateTime } from '../../src-shared/util/dates';

type Lookup = Extract<Transform, { kind: 'lookup' }>;

const hasLookup = (s: FieldSource): boolean =>
  (s.kind === 'column' || s.kind === 'template') && (s.transforms ?? []).some((t) => t.kind === 'lookup');

const when = formatDateTime;

export function lookupTable(db: Db, t: Lookup): LookupTable {
  const connection = getConnection(db, t.connectionId);
  if (!connection) return { entries: {}, ambiguous: {}, catalog: `the catalog of an unknown connection (${t.connectionId})` };
  const api = t.entity.split('.')[0];
  if (connection.api !== api)
    return { entries: {}, ambiguous: {}, catalog: `the ${connection.name} catalog (a ${connection.api} connection; this lookup needs a ${api} one)` };
  const syncedAt = lastCompletedAt(db, connection.id);
  const catalog = `the ${connection.name} catalog (${syncedAt === null ? `not synced yet: Reports → Sync now, or bulk-desk sync run --connection ${connection.id}` : `synced ${when(syncedAt)}`})`;
  const entries: Record<string, string> = {};
  const ambiguous: Record<string, string[]> = {};
  const otherState: Record<string, string[]> = {};
  const wantDeleted = t.state === 'deleted';
  for (const r of lookupRecords(db, t.entity, t.from, connection.id)) {
    const k = lookupKey(r.key);
    if (r.deleted !== wantDeleted) {
      (otherState[k] ??= []).push(r.id);
      continue;
    }
    const value = t.to === 'name' ? r.name : r.id;
    if (Object.hasOwn(ambiguous, k)) ambiguous[k]!.push(value);
    else if (Object.hasOwn(entries, k) && entries[k] !== value) {
      ambiguous[k] = [entries[k]!, value];
      delete entries[k];
    } else entries[k] = value;
  }
  for (const k of Object.keys(otherState)) if (Object.hasOwn(entries, k) || Object.hasOwn(ambiguous, k)) delete otherState[k];
  return { entries, ambiguous, catalog, ...(Object.keys(otherState).length ? { otherState } : {}) };
}

/**
 * The mapping with every lookup bound to the catalog as synced now; the same object when it has none.
 * A lookup with no connection of its own reads the catalog of `ownConnectionId`, the one the rows go to.
 */
export function bindLookups(db: Db, mapping: Mapping, ownConnectionId = ''): Mapping {
  if (!Object.values(mapping.fields).some(hasLookup)) return mapping;
  const cache = new Map<string, LookupTable>();
  const bind = (t: Transform): Transform => {
    if (t.kind !== 'lookup') return t;
    if (!t.connectionId) t = { ...t, connectionId: ownConnectionId };
    const k = `${t.entity}\u0000${t.from}\u0000${t.connectionId}\u0000${t.state ?? ''}\u0000${t.to ?? ''}`;
    let table = cache.get(k);
    if (!table) {
      table = lookupTable(db, t);
      cache.set(k, table);
    }
    return { ...t, resolved: table }; // the bound copy names its connection, so a job keeps it
  };
  // fromEntries, not assignment: a manual template's field may be called `__proto__`.
  const fields: Record<string, FieldSource> = Object.fromEntries(
    Object.entries(mapping.fields).map(([key, s]) => [
      key,
      hasLookup(s) && (s.kind === 'column' || s.kind === 'template') ? { ...s, transforms: s.transforms!.map(bind) } : s,
    ]),
  );
  return { ...mapping, fields };
}
