// Saved LMS connections. Secrets go out once with `connections.save` and never come back: the DTO
// only says whether the keychain holds one (`hasSecret`).
import { create } from 'zustand';
import type {
  ConnectionDeletePlan,
  ConnectionDto,
  ConnectionTestResult,
  Input,
} from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { deletedSecretStaysText, secretMovedText } from '../../src-shared/connections/secretStays';
import { call } from '../api/client';

export interface ConnectionsState {
  items: ConnectionDto[];
  loaded: boolean;
  error: AppErrorShape | null;
  saving: boolean;
  saveError: AppErrorShape | null;
  deleteError: AppErrorShape | null;
  /**
   * What the last save or delete did to a stored secret that the admin could not see on the row: removed
   * with a changed address, or left in the keychain because another database wrote it (the CLI's words).
   */
  notice: string | null;
  /** The last "Test" of each connection, by id. */
  tests: Record<string, ConnectionTest>;
}

export interface ConnectionTest {
  running: boolean;
  result: ConnectionTestResult | null;
  error: AppErrorShape | null;
}

export const initialConnectionsState: ConnectionsState = {
  items: [],
  loaded: false,
  error: null,
  saving: false,
  saveError: null,
  deleteError: null,
  notice: null,
  tests: {},
};
export const useConnectionsStore = create<ConnectionsState>(() => initialConnectionsState);
const set = useConnectionsStore.setState;

export async function loadConnections(): Promise<void> {
  const r = await call('connections.list', {});
  set(r.ok ? { items: r.value, loaded: true, error: null } : { loaded: true, error: r.error });
}

/** Returns the saved connection, or null with `saveError` set. */
export async function saveConnection(input: Input<'connections.save'>): Promise<ConnectionDto | null> {
  set({ saving: true, saveError: null, notice: null });
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
    notice: r.value.secretRemoved ? secretMovedText(r.value.secretKept) : null,
  });
  return r.value;
}

/** One signed read with the stored secret ("who am I" / one course); the secret never comes back. */
export async function testConnection(id: string): Promise<void> {
  const put = (t: ConnectionTest) => set({ tests: { ...useConnectionsStore.getState().tests, [id]: t } });
  put({ running: true, result: null, error: null });
  const r = await call('connections.test', { id });
  // Main keeps the result (ConnectionDto.lastTest): reload, so the Map and Run screens see it too.
  if (r.ok) void loadConnections();
  put(
    r.ok
      ? { running: false, result: r.value, error: null }
      : { running: false, result: null, error: r.error },
  );
}

export function clearSaveError(): void {
  set({ saveError: null });
}

/** What deleting the connection would remove, for the question the screen asks; null (and the error) when refused. */
export async function planConnectionDelete(id: string): Promise<ConnectionDeletePlan | null> {
  set({ deleteError: null });
  const r = await call('connections.deletePlan', { id });
  if (!r.ok) {
    set({ deleteError: r.error });
    return null;
  }
  return r.value;
}

/** Deletes the connection with its secret and synced data; `confirm` is the phrase the admin typed. */
export async function deleteConnection(id: string, confirm: string | undefined): Promise<void> {
  set({ deleteError: null, notice: null });
  const r = await call('connections.delete', { id, ...(confirm !== undefined ? { confirm } : {}) });
  if (!r.ok) return set({ deleteError: r.error });
  const { items } = useConnectionsStore.getState();
  const name = items.find((c) => c.id === id)?.name ?? id;
  set({
    items: items.filter((c) => c.id !== id),
    notice: r.value.secretKept ? deletedSecretStaysText(name, r.value.secretKept) : null,
  });
}

export function clearNotice(): void {
  set({ notice: null });
}

export const connectionsSelectors = {
  items: (s: ConnectionsState) => s.items,
  /** The connection if its last test failed (the Map and Run screens warn about it), else null. */
  failedTest: (id: string | null) => (s: ConnectionsState) => {
    const c = s.items.find((x) => x.id === id);
    return c?.lastTest && !c.lastTest.ok ? c : null;
  },
  byId: (id: string | null) => (s: ConnectionsState) => s.items.find((c) => c.id === id) ?? null,
};
