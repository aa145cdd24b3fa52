// Migration 31. An edit's new secret went over the connection's keychain entry before its row was
// committed: a process killed between the two left the row as it was (the edit not saved) with the new
// secret under it, sent wherever the address still matched. An edit's secret now goes to an entry of its
// own first (account "connection:<id>:<version>"), the row names that version in its commit, and it is
// then moved back to the connection's entry (services/secretChange.ts). `secret_version` is NULL for a row
// whose secret is in the connection's own entry, "connection:<id>", as every earlier version wrote it.
// Pending keychain writes are now recorded per keychain entry, with the database file that recorded them:
// a copy of the data folder opened elsewhere must not remove what the original went on to commit
// (services/pendingSecrets.ts). Rows recorded before have no file: they are not removed (the keychain
// may keep a leftover entry, never lose one a connection uses).
export const up = `
ALTER TABLE connections ADD COLUMN secret_version TEXT;
CREATE TABLE pending_secrets_by_entry (
  secret_key TEXT PRIMARY KEY,
  connection_id TEXT NOT NULL,
  db_path TEXT,
  created_at INTEGER NOT NULL
);
INSERT INTO pending_secrets_by_entry (secret_key, connection_id, db_path, created_at)
  SELECT connection_id, connection_id, NULL, created_at FROM pending_secrets;
DROP TABLE pending_secrets;
ALTER TABLE pending_secrets_by_entry RENAME TO pending_secrets;
`;
