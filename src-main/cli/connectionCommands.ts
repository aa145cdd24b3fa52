// `connections …`: the LMS accounts (the secret goes to the OS keychain, never into the database or a flag's echo).
import {
  connectionDeletedText,
  connectionDeleteSummary,
} from '../../src-shared/connections/connectionDeletion';
import { secretMovedText } from '../../src-shared/connections/secretStays';
import { AppError } from '../../src-shared/contract/errors';
import { isConfirmed } from '../../src-shared/runner/confirmGuard';
import { cliCommand } from '../services/dataDir';
import { call, EXIT, readSecret, UsageError, write } from './io';
import {
  type Command,
  type Options,
  JSON_OPT,
  JSON_HELP,
  need,
  svc,
  connectionIdentity,
  editedIdentity,
  SECRET_WORDS,
  when,
  writeJson,
  listCommand,
} from './commandKit';

/** What `connections add` and `connections edit` take (connectionIdentity and editedIdentity read them). */
const CONNECTION_OPTS: Options = {
  name: { type: 'string' },
  'base-url': { type: 'string' },
  email: { type: 'string' },
  'workspace-id': { type: 'string' },
  'user-id': { type: 'string' },
  'secret-stdin': { type: 'boolean' },
};

export const CONNECTION_COMMANDS: Command[] = [
  listCommand({
    words: ['connections', 'list'],
    summary: 'List saved LMS connections (never their secrets)',
    list: (s) => call(s, 'connections.list', {}),
    header: ['id', 'api', 'name', 'base url', 'identity', 'secret', 'last test'],
    row: (c) => [
      c.id,
      c.api,
      c.name,
      c.addressProblem ? `${c.baseUrl} (address needs fixing)` : c.baseUrl,
      c.identity.api === 'coursepath'
        ? c.identity.email
        : c.identity.scheme === 'workspace'
          ? `workspace ${c.identity.workspaceId}`
          : `user ${c.identity.userId} (retired scheme)`,
      SECRET_WORDS[c.secretState],
      c.lastTest ? `${c.lastTest.ok ? 'ok' : 'FAILED'} ${when(c.lastTest.at)}` : 'never',
    ],
    after: (list) => {
      // A locked keychain is not a missing secret: say so, once, with what to do.
      const problem = list.find((c) => c.secretState === 'unavailable')?.secretProblem;
      // A secret given for another address (a restored or copied database): each, with where and what to do.
      const elsewhere = list
        .filter((c) => c.secretState === 'elsewhere' && c.secretProblem)
        .map((c) => `${c.secretProblem}\n`);
      // Saved by an earlier version that did not check addresses: nothing is sent with it until it is fixed.
      const addresses = list
        .filter((c) => c.addressProblem)
        .map(
          (c) =>
            `"${c.name}" (${c.id}): address needs fixing: ${c.addressProblem} Nothing is sent with it until then: ` +
            `bulk-desk connections edit ${c.id} --base-url URL\n`,
        );
      return (problem ? `Secrets not checked: ${problem}\n` : '') + elsewhere.join('') + addresses.join('');
    },
  }),
  {
    words: ['connections', 'add'],
    summary: 'Save a connection; the secret is read from stdin and goes to the OS keychain',
    details:
      'The secret is never accepted on the command line (it would land in shell history and `ps`).\n' +
      'At a terminal, --secret-stdin asks for it and does not show what is typed.\n' +
      'Example:  printf %s "$KEY" | bulk-desk connections add --api coursepath --name Prod \\\n' +
      '            --base-url https://academy123xxx.coursepath.com --email admin@example.com --secret-stdin\n' +
      "Coursepath: --base-url is your academy's own address (there is no shared API host); the secret is the\n" +
      "academy's JWT SSO secret (Setup → JWT SSO), not a personal API key.\n" +
      'Coassemble: --base-url https://api.coassemble.com; --workspace-id is the number in the issued key\n' +
      'COASSEMBLE:<workspace id>:<key> (Developer → API keys); the secret is that key.',
    options: { api: { type: 'string' }, ...CONNECTION_OPTS, ...JSON_OPT },
    optionHelp: [
      ['--api coursepath|coassemble', ''],
      ['--name NAME', 'as shown in the app and in confirmation phrases; unique (case and punctuation aside)'],
      ['--base-url URL', "the LMS's address (required; Coursepath: your academy's host)"],
      ['--email EMAIL', 'Coursepath: the acting user the JWT names'],
      ['--workspace-id ID', 'Coassemble: workspace of the API key'],
      [
        '--secret-stdin',
        'read the JWT SSO secret (Coursepath) / workspace API key (Coassemble) from stdin (required)',
      ],
      JSON_HELP,
    ],
    async run({ s, io, values }) {
      const identity = connectionIdentity(values);
      // No default address: each Coursepath academy has its own host (evidence.md), so a guess would be wrong.
      need(values, 'name');
      need(values, 'base-url');
      if (!values['secret-stdin'])
        throw new UsageError('--secret-stdin is required: pipe the secret on stdin, never as an argument');
      const secret = await readSecret(io);
      if (!secret) throw new UsageError('no secret on stdin');
      const c = await call(svc(s), 'connections.save', {
        name: need(values, 'name'),
        baseUrl: need(values, 'base-url'),
        identity,
        secret,
      });
      await write(
        io.stdout,
        values.json
          ? JSON.stringify(c, null, 2) + '\n'
          : `Saved connection ${c.id} (${c.name}); secret stored in the OS keychain.\n`,
      );
      return EXIT.ok;
    },
  },
  {
    words: ['connections', 'edit'],
    summary: "Change a connection's name, address, account or secret (a new address needs its secret again)",
    args: '<connection-id>',
    positionals: 1,
    details:
      'Only the flags given change. A secret is bound to the address and account it was given for: with a\n' +
      'new --base-url or identity and no --secret-stdin, the stored secret is removed, and the connection\n' +
      'needs its secret again before it can send.\n' +
      'Example:  printf %s "$KEY" | bulk-desk connections edit <connection-id> --base-url https://eu.example.com --secret-stdin',
    options: { ...CONNECTION_OPTS, ...JSON_OPT },
    optionHelp: [
      ['--name NAME', 'as shown in the app and in confirmation phrases; unique (case and punctuation aside)'],
      ['--base-url URL', "the LMS's address"],
      ['--email EMAIL', 'Coursepath: the acting user'],
      ['--workspace-id ID', 'Coassemble: workspace of the API key'],
      ['--user-id ID', 'Coassemble: legacy user id'],
      ['--secret-stdin', 'read a new API key / signing secret from stdin'],
      JSON_HELP,
    ],
    async run({ s, io, values, args }) {
      const services = svc(s);
      const id = args[0]!;
      const flags = ['name', 'base-url', 'email', 'workspace-id', 'user-id', 'secret-stdin'];
      if (!flags.some((f) => values[f] !== undefined))
        throw new UsageError(`nothing to change: give one of ${flags.map((f) => `--${f}`).join(', ')}`);
      const current = (await call(services, 'connections.list', {})).find((c) => c.id === id);
      if (!current)
        throw new AppError('NOT_FOUND', `No connection with id ${id} (see: bulk-desk connections list).`);
      const identity = editedIdentity(current.identity, values);
      let secret: string | undefined;
      if (values['secret-stdin']) {
        secret = await readSecret(io);
        if (!secret) throw new UsageError('no secret on stdin');
      }
      const c = await call(services, 'connections.save', {
        id,
        name: typeof values.name === 'string' ? values.name : current.name,
        baseUrl: typeof values['base-url'] === 'string' ? values['base-url'] : current.baseUrl,
        identity,
        ...(secret !== undefined ? { secret } : {}),
      });
      if (values.json) {
        await writeJson(io, c);
        return EXIT.ok;
      }
      let text = `Saved connection ${c.id} (${c.name})${secret !== undefined ? '; new secret stored in the OS keychain' : ''}.\n`;
      if (c.secretRemoved) {
        text +=
          `${secretMovedText(c.secretKept)}\n` +
          `It needs a secret before it can send: ${cliCommand(`connections edit ${c.id} --secret-stdin`, services.dataDir)} < key.txt\n`;
      } else if (secret === undefined && c.secretState === 'missing') {
        text += `It has no secret stored: it needs one before it can send: ${cliCommand(`connections edit ${c.id} --secret-stdin`, services.dataDir)} < key.txt\n`;
      }
      await write(io.stdout, text);
      return EXIT.ok;
    },
  },
  {
    words: ['connections', 'test'],
    summary: 'Sign one harmless read with the stored secret: who the key acts as, or why it was refused',
    args: '<connection-id>',
    positionals: 1,
    details:
      'Coursepath: GET /api/v1/members/me · Coassemble: one course of the workspace.\n' +
      'Exit code 0 when the LMS accepted the key, 1 when it did not (or nothing answered). A Coursepath\n' +
      'acting user who is not an administrator reads fine, so 0, with a warning: its writes would get 403.',
    options: JSON_OPT,
    optionHelp: [JSON_HELP],
    async run({ s, io, values, args }) {
      const r = await call(svc(s), 'connections.test', { id: args[0]! });
      if (values.json) await writeJson(io, r);
      else {
        const how = r.status === null ? '' : ` (HTTP ${r.status}, ${r.durationMs} ms)`;
        const warning = r.warning ? `Warning: ${r.warning}\n` : '';
        await write(io.stdout, `${r.ok ? 'OK' : 'Failed'}: ${r.message}${how}\n  ${r.url}\n${warning}`);
      }
      return r.ok ? EXIT.ok : EXIT.failed;
    },
  },
  {
    words: ['connections', 'delete'],
    summary: 'Delete a connection, its keychain secret and everything read from its LMS (asks for a phrase)',
    args: '<connection-id>',
    positionals: 1,
    details:
      'Removes the connection, its secret in the OS keychain and its synced data: courses, learners (names\n' +
      'and emails), enrolments, sync runs and their tracking snapshots; and its plans with what they read\n' +
      'from the LMS. Jobs made on it stay in History, and a plan a job was made from keeps its summary there.\n' +
      'A keychain entry another database wrote (this data folder is a copy, or was moved) stays, said so.\n' +
      'Without --confirm it only says what would go and the phrase to pass (exit code 2).\n' +
      'Example:  bulk-desk connections delete <connection-id> --confirm "DELETE connection Acme Production"',
    options: { confirm: { type: 'string' } },
    optionHelp: [['--confirm PHRASE', 'the phrase it prints, e.g. "DELETE connection Acme Production"']],
    async run({ s, io, values, args }) {
      const services = svc(s);
      const plan = await call(services, 'connections.deletePlan', { id: args[0]! });
      const confirm = typeof values.confirm === 'string' ? values.confirm : undefined;
      // Asked here, before anything goes; main refuses a wrong phrase the same way (cli.ts prints "Add: …").
      if (!isConfirmed(plan.phrase, confirm)) {
        throw new AppError(
          'CONFLICT',
          `${confirm === undefined ? 'Not confirmed' : 'The phrase does not match'}: ${connectionDeleteSummary(plan)} Nothing was deleted.`,
          { field: 'confirm', phrase: plan.phrase },
        );
      }
      const done = await call(services, 'connections.delete', { id: plan.id, confirm });
      await write(io.stdout, `${connectionDeletedText(plan.id, plan.name, done)}\n`);
      return EXIT.ok;
    },
  },
];
