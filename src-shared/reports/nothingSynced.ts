// The note a report carries before anything has been synced. It names the way to sync, which differs:
// the app's Reports screen has a "Sync now" button, the CLI has `bulk-desk sync run`. Main writes the
// app's words; the CLI swaps in its own.
export const NOTHING_SYNCED_NOTE = 'Nothing synced yet: press "Sync now".';
export const NOTHING_SYNCED_CLI_NOTE = 'Nothing synced yet: run `bulk-desk sync run` first.';
