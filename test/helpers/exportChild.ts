// A `jobs.export {path}` in its own process, for the test that kills an export mid-write. Usage:
//   node --import tsx test/helpers/exportChild.ts <dataDir> <jobId> <path>
// Prints "exporting" just before the call and the answer as JSON when it returns.
import { createServices } from '../../src-main/services';

const [dataDir, jobId, path] = process.argv.slice(2);
if (!dataDir || !jobId || !path) {
  process.stderr.write('usage: exportChild.ts <dataDir> <jobId> <path>\n');
  process.exit(2);
}
const services = await createServices({ dataDir, sandbox: false });
process.stdout.write('exporting\n');
const r = await services.dispatch('jobs.export', { jobId, path });
process.stdout.write(`${JSON.stringify(r)}\n`);
await services.close();
