// Migration 29. A new connection's secret goes to the OS keychain before its row is committed to SQLite
// (services/secretChange.ts says why in that order): a process killed between the two left the secret in
// the keychain under an id nothing names, for good. The id is written here first, committed before the
// keychain is, and goes in the row's own transaction; an id still here when the database is next opened
// names a secret to remove (services/pendingSecrets.ts). The connection's id only: never the secret.
export const up = `
CREATE TABLE pending_secrets (
  connection_id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
);
`;
