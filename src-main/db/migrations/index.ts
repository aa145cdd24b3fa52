// Migrations in order. Append only: a shipped migration is never edited, a new one is added.
import * as m0001 from './0001-initial';

export const MIGRATIONS: readonly { version: number; name: string; up: string }[] = [
  { version: 1, name: 'initial', up: m0001.up },
];
