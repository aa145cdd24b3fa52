import type { SyncStatusDto } from '../sync/types';

// The note a report carries before anything has been synced. It names the way to sync, which differs:
// the app's Reports screen has a "Sync now" button, the CLI has `bulk-desk sync run`. Main writes the
// app's words; the CLI swaps in its own.
export const NOTHING_SYNCED_NOTE = 'Nothing synced yet: press "Sync now".';
export const NOTHING_SYNCED_CLI_NOTE = 'Nothing synced yet: run `bulk-desk sync run` first.';

/**
 * Whether the Reports screen shows "Nothing synced yet" instead of the reports: only when no connection
 * has completed a sync, none is syncing, and the store holds no row. A sync that failed or was stopped
 * keeps what it read, and the reports show it with the note that the figures are partial, as the CLI's
 * do; hiding them until a first complete sync would hide data the admin has.
 */
export function nothingStored(statuses: readonly SyncStatusDto[]): boolean {
  return (
    statuses.length > 0 &&
    statuses.every(
      (x) => !x.running && x.lastCompletedAt === null && Object.values(x.counts).every((n) => n === 0),
    )
  );
}
