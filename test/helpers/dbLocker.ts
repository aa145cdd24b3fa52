// Another program holding a data folder's database write lock, as a database browser or a backup tool
// can: opens the file, takes the write lock (BEGIN IMMEDIATE), says "locked" on stdout, holds it for the
// given time, then commits and exits. Usage: node --import tsx test/helpers/dbLocker.ts <file> <ms> [--on-line]
// With --on-line it opens the file, says "ready" and takes the lock only when a line arrives on stdin:
// a test can start it early and take the lock at a precise moment (starting Node takes a while).
import Database from 'better-sqlite3';

const [file, ms, mode] = process.argv.slice(2);
if (!file || !ms) {
  process.stderr.write('usage: dbLocker.ts <file> <ms> [--on-line]\n');
  process.exit(2);
}
const db = new Database(file, { fileMustExist: true });

function lock(): void {
  db.exec('BEGIN IMMEDIATE');
  process.stdout.write('locked\n');
  setTimeout(() => {
    db.exec('COMMIT');
    db.close();
    process.stdout.write('released\n');
    process.exit(0);
  }, Number(ms));
}

if (mode === '--on-line') {
  process.stdin.once('data', lock);
  process.stdout.write('ready\n');
} else lock();
