// Another program holding a data folder's database write lock, as a database browser or a backup tool
// can: opens the file, takes the write lock (BEGIN IMMEDIATE), says "locked" on stdout, holds it for the
// given time, then commits and exits. Usage: node --import tsx test/helpers/dbLocker.ts <file> <ms>
import Database from 'better-sqlite3';

const [file, ms] = process.argv.slice(2);
if (!file || !ms) {
  process.stderr.write('usage: dbLocker.ts <file> <ms>\n');
  process.exit(2);
}
const db = new Database(file, { fileMustExist: true });
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\n');
setTimeout(() => {
  db.exec('COMMIT');
  db.close();
  process.stdout.write('released\n');
}, Number(ms));
