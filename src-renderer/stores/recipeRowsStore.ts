// A recipe job's rows with their steps, a page at a time, for History's timeline (`recipes.rows`).
import { create } from 'zustand';
import type { AttemptDto, RecipeRowDto } from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { call } from '../api/client';

export const ROWS_PAGE = 25;

export interface RecipeRowsState {
  jobId: string | null;
  filter: 'all' | 'problems';
  offset: number;
  rows: RecipeRowDto[];
  total: number;
  error: AppErrorShape | null;
  /** The item opened from the timeline, with its attempts (requests and answers). */
  openItemId: number | null;
  attempts: AttemptDto[] | null;
}

export const initialRecipeRowsState: RecipeRowsState = {
  jobId: null,
  filter: 'all',
  offset: 0,
  rows: [],
  total: 0,
  error: null,
  openItemId: null,
  attempts: null,
};
export const useRecipeRowsStore = create<RecipeRowsState>(() => initialRecipeRowsState);
const set = useRecipeRowsStore.setState;
const get = useRecipeRowsStore.getState;

let seq = 0;
export async function loadRecipeRows(
  jobId: string,
  patch: Partial<Pick<RecipeRowsState, 'filter' | 'offset'>> = {},
): Promise<void> {
  const same = get().jobId === jobId;
  const filter = patch.filter ?? (same ? get().filter : 'all');
  const offset = patch.offset ?? (same && patch.filter === undefined ? get().offset : 0);
  set({ jobId, filter, offset });
  const mine = ++seq;
  const r = await call('recipes.rows', { jobId, offset, limit: ROWS_PAGE, filter });
  if (mine !== seq) return;
  set(
    r.ok
      ? { rows: r.value.items, total: r.value.total, error: null }
      : { rows: [], total: 0, error: r.error },
  );
}

/** Opens an item of the timeline: its attempts, as History shows any row's. */
export async function openRecipeItem(itemId: number | null): Promise<void> {
  const jobId = get().jobId;
  set({ openItemId: itemId, attempts: null });
  if (!jobId || itemId === null) return;
  const r = await call('jobs.attempts', { jobId, itemId });
  if (get().openItemId === itemId) set(r.ok ? { attempts: r.value } : { error: r.error });
}
