// `npm run sandbox -- --port 4010 --faults 500:0.05,reset:0.02 --seed 7`: the sandbox LMS on its own,
// for scripts, benchmarks and demos. With --credentials-json the first line this program writes to stdout is
// exactly one JSON object {"coursepath":{…},"coassemble":{…}} (note: `npm run` itself prints a banner first;
// use `npm run -s sandbox -- …` or `npx tsx src-main/sandbox/cli.ts …` when a script reads stdout).
import { describeLimit, describeRealistic, describeStrictness, optionsFromArgs, USAGE } from './cliOptions';
import { startSandbox } from './index';

async function main(): Promise<void> {
  let parsed: ReturnType<typeof optionsFromArgs>;
  try {
    parsed = optionsFromArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { opts } = parsed;
  const sb = await startSandbox(opts);
  const c = sb.credentials;
  const lines: string[] = [];
  if (parsed.credentialsJson) {
    lines.push(JSON.stringify({ coursepath: { ...c.coursepath }, coassemble: { ...c.coassemble } }));
  }
  lines.push(
    `Bulk Desk sandbox LMS listening on ${sb.url}`,
    '',
    `  Coursepath   base URL   ${c.coursepath.baseUrl}   (API under /api/v1/...)`,
    `               email      ${c.coursepath.email}`,
    `               JWT secret ${c.coursepath.apiKey}   (HS256; claims email, iat, jti)`,
    `  Coassemble   base URL   ${c.coassemble.baseUrl}   (API under /api/v1/headless/..., alias /v1/headless/...)`,
    `               workspace  ${c.coassemble.workspaceId}`,
    `               API key    ${c.coassemble.apiKey}`,
    `               header     Authorization: COASSEMBLE:${c.coassemble.workspaceId}:${c.coassemble.apiKey}`,
    `               legacy     UserId=${c.coassemble.userId}, UserToken=${c.coassemble.userToken}`,
    '',
    `  Limits       Coassemble ${describeLimit(opts.coassembleLimit, '100 per 60s per client IP')}; Coursepath ${describeLimit(opts.coursepathLimit, 'none')}`,
    `  Faults       ${opts.faults || 'none'}`,
    `  Load         ${describeRealistic(opts.realistic)}`,
    `  Repeats      ${describeStrictness(opts)}`,
    `  Plan         ${opts.plan ?? 'automate'}    Seed ${opts.seed ?? '(random credentials)'}`,
    `  Test hooks   GET ${sb.url}/__sandbox/ledger?since=0   POST ${sb.url}/__sandbox/reset   GET ${sb.url}/__sandbox/state`,
    '',
    'Press Ctrl+C to stop.',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => {
    void sb.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main().catch((e: unknown) => {
  process.stderr.write(`sandbox failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
