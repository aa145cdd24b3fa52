// The names of the files Bulk Desk keeps in a data folder, in one module that imports nothing, so both
// the opening (openChecked.ts) and a migration that tidies the backup (migrations/0022) can name them.
export const DB_FILE = 'bulk-desk.sqlite';
export const BACKUP_FILE = 'bulk-desk.backup.sqlite';
