// Lists a sync could not read (the LMS answered 403 or 404), said once, on the reports that use them:
// Coassemble's screen types (retired: the API answers 404) matter to "Content formats" only, so the other
// reports do not repeat "Screen types: HTTP 404: Cannot GET …" above every table — and there it is said
// what the report counts instead, since it still shows every type.
import { SYNC_ENTITY_LABELS, type SyncEntity } from '../sync/types';
import type { ReportName } from './types';
import { REPORT_READS as READS } from './reportReads';
import { andList } from '../util/andList';

export interface UnavailableList {
  source: string;
  entity: SyncEntity;
  scope: string;
  note: string | null;
}

/**
 * Lists a report reads but can do without, and what it uses instead: "left out" would contradict the
 * rows it still shows (Content formats names each screen's type from the screen, ./contentFormats.ts).
 */
const INSTEAD: Partial<Record<SyncEntity, string>> = {
  'coassemble.screenTypes': 'each screen is counted under its own type',
};

/** "Sandbox · Coassemble: clients are not offered (the API answers 403), so …", for `report` only. */
export function unavailableNotes(report: ReportName, lists: readonly UnavailableList[]): string[] {
  const out = new Map<string, string[]>();
  const instead: string[] = [];
  for (const l of lists) {
    if (!READS[report].includes(l.entity)) continue;
    const what = `${SYNC_ENTITY_LABELS[l.entity].toLowerCase()}${l.scope ? ` (${l.scope})` : ''}`;
    const status = /\b(40[34])\b/.exec(l.note ?? '')?.[1];
    const why = status ? `not offered to this key (the API answers ${status})` : (l.note ?? 'not available');
    const otherwise = INSTEAD[l.entity];
    if (otherwise) {
      instead.push(`${l.source}: the ${what} list is ${why}, so ${otherwise}.`);
      continue;
    }
    const key = `${l.source}|${why}`;
    out.set(key, [...(out.get(key) ?? []), what]);
  }
  return [
    ...[...out].map(([key, whats]) => {
      const [source, why] = key.split('|') as [string, string];
      // Every list's label is plural ("screen types", "users and clients").
      return `${source}: ${andList(whats)} are ${why}, so they are left out.`;
    }),
    ...instead,
  ];
}
