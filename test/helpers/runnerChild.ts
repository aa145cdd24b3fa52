// A runner in its own process, for tests that kill it (SIGKILL) mid-job. Usage:
//   node --import tsx test/helpers/runnerChild.ts <dataDir> <jobId>
// Opens the data folder (which recovers an interrupted job: `sending` → in doubt), starts or resumes
// the job, prints "started" once it runs and the final summary as JSON when it settles, then exits.
// The secret comes from the same keychain the parent used (same D-Bus session and service name).
import { createServices } from '../../src-main/services';

const [dataDir, jobId] = process.argv.slice(2);
if (!dataDir || !jobId) {
  process.stderr.write('usage: runnerChild.ts <dataDir> <jobId>\n');
  process.exit(2);
}
const services = await createServices({
  dataDir,
  sandbox: false,
  log: (l) => process.stderr.write(`${l}\n`),
});
const started = await services.dispatch('jobs.start', { jobId });
if (!started.ok) {
  process.stderr.write(`start failed: ${started.error.message}\n`);
  await services.close();
  process.exit(1);
}
process.stdout.write('started\n');
const done = await services.runner.whenSettled(jobId);
process.stdout.write(`${JSON.stringify(done)}\n`);
await services.close();
