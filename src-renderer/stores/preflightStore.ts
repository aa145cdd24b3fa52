// What a run of the current file, connection, template and mapping would do, before anything is sent
// (`jobs.preflight`): rows that would be sent, duplicates of an earlier row, rows already sent, invalid
// rows, and the phrase a destructive template needs. Map, Preview and Run show it; Run sends with the
// admin's two choices (send duplicates too, send again what was sent).
import { create } from 'zustand';
import type { PreflightDto } from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { formatDate } from '../../src-shared/util/dates';
import { call } from '../api/client';
import { currentSpec } from './mappingStore';

export interface PreflightChoices {
  allowDuplicates: boolean;
  resend: boolean;
}

export interface PreflightState {
  /** What the result describes (spec + choices), so a stale answer is never shown for a newer mapping. */
  key: string | null;
  loading: boolean;
  result: PreflightDto | null;
  error: AppErrorShape | null;
  choices: PreflightChoices;
}

export const initialPreflightState: PreflightState = {
  key: null,
  loading: false,
  result: null,
  error: null,
  choices: { allowDuplicates: false, resend: false },
};
export const usePreflightStore = create<PreflightState>(() => initialPreflightState);
const set = usePreflightStore.setState;
const get = usePreflightStore.getState;

let seq = 0;

/** Asks main again when the spec or the choices changed since the last answer (or when `force`). */
export async function loadPreflight(force = false): Promise<void> {
  const spec = currentSpec();
  if (!spec) return set({ key: null, result: null, error: null, loading: false });
  const { choices } = get();
  const key = JSON.stringify([spec, choices]);
  if (!force && key === get().key) return;
  const mine = ++seq;
  set({ key, loading: true });
  const r = await call('jobs.preflight', { ...spec, ...choices });
  if (mine !== seq) return;
  set(r.ok ? { result: r.value, error: null, loading: false } : { result: null, error: r.error, loading: false });
}

export function setPreflightChoice(patch: Partial<PreflightChoices>): void {
  set({ choices: { ...get().choices, ...patch } });
  void loadPreflight();
}

/** A row's verdict, for the rows the preflight lists (duplicates and rows already sent). */
export function verdictOf(
  result: PreflightDto | null,
  rowNumber: number,
): { kind: 'duplicate' | 'alreadySent'; text: string } | null {
  if (!result) return null;
  const dup = result.duplicates.find((d) => d.rowNumber === rowNumber);
  if (dup) return { kind: 'duplicate', text: `duplicate of row ${dup.firstRow}` };
  const sent = result.alreadySentRows.find((d) => d.rowNumber === rowNumber);
  if (sent) return { kind: 'alreadySent', text: `already sent ${formatDate(sent.at)}` };
  return null;
}
