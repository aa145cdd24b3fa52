// A plan in its own process, for tests that kill it (SIGKILL) while it reads. Usage:
//   node --import tsx test/helpers/planChild.ts <dataDir> <specJson>
// where specJson is a plans.create input. Prints "plan <id>" as soon as the plan exists, then its final
// state as JSON when it has read everything, then exits. The secret comes from the same keychain the
// parent used (same D-Bus session and service name).
import type { Input, PlanDto } from '../../src-shared/contract/api';
import { createServices } from '../../src-main/services';

const [dataDir, specJson] = process.argv.slice(2);
if (!dataDir || !specJson) {
  process.stderr.write('usage: planChild.ts <dataDir> <specJson>\n');
  process.exit(2);
}
const services = await createServices({
  dataDir,
  sandbox: false,
  log: (l) => process.stderr.write(`${l}\n`),
});
const started = await services.dispatch('plans.create', JSON.parse(specJson) as Input<'plans.create'>);
if (!started.ok) {
  process.stderr.write(`plan failed: ${started.error.message}\n`);
  await services.close();
  process.exit(1);
}
const plan = started.value as PlanDto;
process.stdout.write(`plan ${plan.id}\n`);
const done = await services.plans.whenDone(plan.id);
process.stdout.write(`${JSON.stringify(done)}\n`);
await services.close();
