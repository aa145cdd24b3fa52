// The app itself and where the admin was in it.
// Part of the contract between renderer and main (../api.ts).

export interface AppInfo {
  version: string;
  dataDir: string;
  sandboxUrl: string | null;
}

/** Where the admin was: the import being worked on and the screen, so a restart opens them again. */
export interface DeskStateDto {
  datasetId: string | null;
  screen: DeskScreen | null;
  updatedAt: number | null;
}

export type DeskScreen =
  'connections' | 'import' | 'map' | 'preview' | 'plan' | 'run' | 'recipes' | 'history' | 'reports';
