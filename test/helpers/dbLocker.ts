// Another program holding a data folder's database write lock, as a database browser or a backup tool
// can: opens the file, takes the write lock (BEGIN IMMEDIATE), says "locked" on stdout, holds it for the
// given time, then commits and exits. Usage: node --import tsx test/helpers/dbLocker.ts <file> <ms> [--on-line]
// With --on-line it opens the file, says "ready" and takes the lock only when a line arrives on stdin:
// a test can start it early and take the lock at a precise moment (starting Node takes a while). A line
// on stdin while the lock is held lets go of it at once: a test that waits for what the lock made happen
// need not wait out the rest of the time.
import Database from 'better-sqlite3';

const [file, ms, mode] = process.argv.slice(2);
if (!file || !ms) {
  process.stderr.write('usage: dbLocker.ts <file> <ms> [--on-line]\n');
  process.exit(2);
}
const db = new Database(file, { fileMustExist: true });

let held = false;

function release(): void {
  db.exec('COMMIT');
  db.close();
  process.stdout.write('released\n');
  process.exit(0);
}

function lock(): void {
  db.exec('BEGIN IMMEDIATE');
  held = true;
  process.stdout.write('locked\n');
  setTimeout(release, Number(ms));
}

process.stdin.on('data', () => (held ? release() : mode === '--on-line' ? lock() : undefined));
if (mode === '--on-line') process.stdout.write('ready\n');
else lock();
