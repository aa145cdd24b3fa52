// Where the admin was working — the import and the screen — kept in SQLite (`desk.*`), so the next start
// (a restart of `npm run serve` is a new origin with an empty localStorage) opens the same file again
// rather than the newest one.
import type { DeskScreen, DeskStateDto } from '../../src-shared/contract/api';
import { call } from '../api/client';
import { go, useAppStore } from './appStore';
import { useDatasetsStore } from './datasetsStore';

let restored = false;

/** Reads where the admin was; the caller opens that dataset. Saving starts only after this, so the first
 *  screen drawn does not overwrite what is being restored. */
export async function restoreDesk(): Promise<DeskStateDto | null> {
  const r = await call('desk.get', {});
  restored = true;
  if (!r.ok) return null;
  if (r.value.datasetId && r.value.screen && r.value.screen !== useAppStore.getState().screen)
    go(r.value.screen);
  return r.value;
}

function save(patch: { datasetId?: string | null; screen?: DeskScreen }): void {
  if (restored) void call('desk.save', patch);
}

useDatasetsStore.subscribe((s, prev) => {
  if (s.currentId !== prev.currentId && s.currentId) save({ datasetId: s.currentId });
});
useAppStore.subscribe((s, prev) => {
  if (s.screen !== prev.screen) save({ screen: s.screen });
});
