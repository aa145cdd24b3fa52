// Which screen is showing, and facts about the running app. Navigation is state, not a router: the
// desktop window has no address bar, and the loopback page keeps its URL clean of the token.
import { create } from 'zustand';
import type { AppInfo } from '../../src-shared/contract/api';
import { call } from '../api/client';

export type Screen =
  | 'connections'
  | 'import'
  | 'map'
  | 'preview'
  | 'plan'
  | 'run'
  | 'recipes'
  | 'history'
  | 'reports';

export interface AppStoreState {
  screen: Screen;
  info: AppInfo | null;
}

export const initialAppState: AppStoreState = { screen: 'import', info: null };
export const useAppStore = create<AppStoreState>(() => initialAppState);

export function go(screen: Screen): void {
  useAppStore.setState({ screen });
}

export async function loadAppInfo(): Promise<void> {
  const r = await call('app.info', {});
  if (r.ok) useAppStore.setState({ info: r.value });
}

export const appSelectors = {
  screen: (s: AppStoreState) => s.screen,
  info: (s: AppStoreState) => s.info,
};
