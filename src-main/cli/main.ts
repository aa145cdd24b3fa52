// `npm run cli -- …` and the `bulk-desk` bin (scripts/cli.mjs): Bulk Desk from the command line.
import { showControlsInText } from '../../src-shared/util/showControls';
import { runCli } from './cli';

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bulk-desk: ${showControlsInText(e instanceof Error ? e.message : String(e))}\n`);
    process.exitCode = 1;
  },
);
