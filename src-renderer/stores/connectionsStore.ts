// Saved LMS connections. Secrets go out once with `connections.save` and never come back: the DTO
// only says whether the keychain holds one (`hasSecret`).
import { create } from 'zustand';
import type { ConnectionDto, Input } from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { call } from '../api/client';

export interface ConnectionsState {
  items: ConnectionDto[];
  loaded: boolean;
  error: AppErrorShape | null;
  saving: boolean;
  saveError: AppErrorShape | null;
  deleteError: AppErrorShape | null;
}

export const initialConnectionsState: ConnectionsState = {
  items: [],
  loaded: false,
  error: null,
  saving: false,
  saveError: null,
  deleteError: null,
};
export const useConnectionsStore = create<ConnectionsState>(() => initialConnectionsState);
const set = useConnectionsStore.setState;

export async function loadConnections(): Promise<void> {
  const r = await call('connections.list', {});
  set(r.ok ? { items: r.value, loaded: true, error: null } : { loaded: true, error: r.error });
}

/** Returns the saved connection, or null with `saveError` set. */
export async function saveConnection(input: Input<'connections.save'>): Promise<ConnectionDto | null> {
  set({ saving: true, saveError: null });
  const r = await call('connections.save', input);
  if (!r.ok) {
    set({ saving: false, saveError: r.error });
    return null;
  }
  const items = useConnectionsStore.getState().items;
  const exists = items.some((c) => c.id === r.value.id);
  set({
    saving: false,
    items: exists ? items.map((c) => (c.id === r.value.id ? r.value : c)) : [...items, r.value],
  });
  return r.value;
}

export function clearSaveError(): void {
  set({ saveError: null });
}

export async function deleteConnection(id: string): Promise<void> {
  set({ deleteError: null });
  const r = await call('connections.delete', { id });
  if (!r.ok) return set({ deleteError: r.error });
  set({ items: useConnectionsStore.getState().items.filter((c) => c.id !== id) });
}

export const connectionsSelectors = {
  items: (s: ConnectionsState) => s.items,
  byId: (id: string | null) => (s: ConnectionsState) => s.items.find((c) => c.id === id) ?? null,
};
