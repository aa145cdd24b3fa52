// connections.*: saved LMS connections. The secret goes to the keychain; the row keeps only who and where.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  connectionDeletePhrase,
  connectionDeleteSummary,
} from '../../src-shared/connections/connectionDeletion';
import { baseUrlProblem } from '../../src-shared/connections/baseUrl';
import { secretInFields } from '../../src-shared/connections/secretInFields';
import { shownBaseUrl } from '../../src-shared/util/redact';
import { sameTarget, schemeOf, targetOf } from '../../src-shared/connections/connectionTarget';
import { givenForTarget } from '../services/sendableAddresses';
import type { ConnectionDeletePlan, ConnectionDto, ConnectionIdentity } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { connectionInPhrase, isConfirmed, samePhraseName } from '../../src-shared/runner/confirmGuard';
import { throttleDefaultsFor } from '../../src-shared/runner/throttleDefaults';
import {
  connectionDataCounts,
  deleteConnectionWithData,
  inDoubtRows,
  unfinishedJobs,
} from '../db/connectionData';
import * as db from '../db/connections';
import { getJob } from '../db/jobs';
import { DB_FILE } from '../db/dataFiles';
import { describeStorageFault, storageFaultKind } from '../db/storageErrors';
import { changeSecretThen } from '../services/secretChange';
import { deleteConnectionSecret, secretKeptOnDelete } from '../services/connectionSecretDelete';
import type { SecretKept } from '../../src-shared/contract/dto/connections';
import { keptTest, testConnection } from '../services/connectionTest';
import type { ConnectionSecret } from '../services/credentials';
import type { HandlerContext } from './context';
import type { Handlers } from './types';

export function secretFor(identity: ConnectionIdentity, raw: string): ConnectionSecret {
  // Whitespace around a pasted or piped secret (a trailing space copied from a web page, a key file's
  // blank last line) is never part of it: kept, every request is refused (Coursepath's JWT would be signed
  // with the wrong secret) and the refusal blames the wrong secret. None of these secrets holds any.
  const secret = raw.trim();
  if (!secret)
    throw new AppError('INVALID_INPUT', 'secret: it is only spaces or line breaks.', { field: 'secret' });
  // A line break inside is two lines pasted or piped (the secret and the next field, a key file's two
  // entries): kept, every request would be signed with the wrong secret and refused.
  if (/[\r\n]/.test(secret))
    throw new AppError(
      'INVALID_INPUT',
      'secret: it holds a line break inside: a secret is one line. Copy the secret alone and enter it again.',
      { field: 'secret' },
    );
  if (identity.api === 'coursepath') return { api: 'coursepath', apiKey: secret };
  if (identity.scheme === 'workspace') {
    // Admins often paste the whole issued key, `COASSEMBLE:<workspace>:<key>`; keep only the key part. The
    // workspace in it is the one the key works for: saved under another, every request would be signed
    // with that other number and refused, and Test would blame the key.
    const issued = /^COASSEMBLE:(\d+):/i.exec(secret);
    if (issued && issued[1] !== identity.workspaceId.trim()) {
      throw new AppError(
        'INVALID_INPUT',
        `secret: this key is issued for workspace ${issued[1]}, but the connection's workspace id is ${identity.workspaceId}: ` +
          `every request would be refused. Set the workspace id to ${issued[1]}, or paste the key of workspace ${identity.workspaceId}.`,
        { field: 'secret' },
      );
    }
    const key = issued ? secret.slice(issued[0].length) : secret;
    if (!/^[a-f0-9]{64}$/i.test(key)) {
      throw new AppError('INVALID_INPUT', 'secret: a Coassemble API key is 64 hexadecimal characters.', {
        field: 'secret',
      });
    }
    return {
      api: 'coassemble',
      scheme: 'workspace',
      workspaceId: identity.workspaceId,
      apiKey: key.toLowerCase(),
    };
  }
  return { api: 'coassemble', scheme: 'legacy', userId: identity.userId, userToken: secret };
}

/** A secret's texts as they could be typed: as given, and the key or token kept of it. */
function secretTexts(secret: ConnectionSecret | null, raw?: string): string[] {
  if (!secret) return raw === undefined ? [] : [raw];
  const kept = secret.api === 'coassemble' && secret.scheme === 'legacy' ? secret.userToken : secret.apiKey;
  return raw === undefined ? [kept] : [raw, kept];
}

export function connectionHandlers(ctx: HandlerContext) {
  /**
   * The stored secret's texts; none when there is none or the keychain cannot say (the shape check still
   * holds). As kept, whatever the connection points at (not read for sending: `get` refuses one given elsewhere).
   */
  const storedSecretTexts = (id: string | undefined): string[] => {
    if (!id) return [];
    try {
      return secretTexts(ctx.credentials.stored(id));
    } catch {
      return [];
    }
  };
  const toDto = (
    c: db.ConnectionRecord,
    lastTest: ConnectionDto['lastTest'] = db.lastTestOf(ctx.db, c.id),
  ): ConnectionDto => {
    const s = ctx.credentials.status(c.id);
    return {
      ...c,
      // Never a user name, password or key (an address saved before addresses were checked may hold one).
      baseUrl: shownBaseUrl(c.baseUrl),
      addressProblem: baseUrlProblem(c.baseUrl),
      hasSecret: s.state === 'stored',
      secretState: s.state,
      secretProblem: s.state === 'unavailable' || s.state === 'elsewhere' ? s.problem : null,
      defaults: throttleDefaultsFor(c.api),
      lastTest,
    };
  };
  const deletePlanOf = (id: string): ConnectionDeletePlan => {
    const c = db.getConnection(ctx.db, id);
    if (!c) throw new AppError('NOT_FOUND', `No connection with id ${id}.`);
    if (c.isSandbox) throw new AppError('CONFLICT', 'The built-in sandbox connections cannot be deleted.');
    const { jobs, plansKept, ...removes } = connectionDataCounts(ctx.db, id);
    // Names are unique as a phrase reads them, but older databases may hold twins: then the host is added.
    const phrase = connectionDeletePhrase(connectionInPhrase(c, db.listConnections(ctx.db)));
    return {
      id,
      name: c.name,
      phrase,
      removes,
      plansKept,
      jobsKept: jobs,
      unfinished: unfinishedJobs(ctx.db, id),
      inDoubt: inDoubtRows(ctx.db, id),
      secretKept: secretKeptOnDelete(ctx.db, ctx.keychain, id),
    };
  };
  return {
    'connections.list': async () =>
      db.listConnectionsWithTests(ctx.db).map(({ lastTest, ...c }) => toDto(c, lastTest)),
    'connections.save': async (input) => {
      const existing = input.id ? db.getConnection(ctx.db, input.id) : undefined;
      if (input.id && !existing) throw new AppError('NOT_FOUND', `No connection with id ${input.id}.`);
      if (existing?.isSandbox)
        throw new AppError('CONFLICT', 'The built-in sandbox connections cannot be edited.');
      if (existing && existing.api !== input.identity.api) {
        throw new AppError('INVALID_INPUT', 'identity: a connection cannot change API; create a new one.', {
          field: 'identity',
        });
      }
      // COASSEMBLE-V1-SHA256 (User id + token) is retired: keys issued today cannot use it (Airbyte's
      // Coassemble migration guide). A connection saved with it still loads, and may be renamed, but no
      // connection can be created with it or switched to it.
      if (
        input.identity.api === 'coassemble' &&
        input.identity.scheme === 'legacy' &&
        !(existing?.identity.api === 'coassemble' && existing.identity.scheme === 'legacy')
      ) {
        throw new AppError(
          'INVALID_INPUT',
          'identity: the Coassemble "User id + token" (COASSEMBLE-V1-SHA256) scheme is retired and keys issued today cannot use it. Use the workspace API key (Coassemble → Developer → API keys).',
          { field: 'identity' },
        );
      }
      // The confirmation phrase names the connection ("DELETE 3 courses on Acme"), and compares as it is typed
      // (case, spacing and punctuation aside): two names that read the same there could confirm a delete on
      // the wrong LMS. A connection keeping its own name is let through: databases from before this check
      // may hold twins, and their phrases add the host (confirmGuard.ts, connectionInPhrase).
      if (!/[\p{L}\p{N}]/u.test(input.name)) {
        throw new AppError(
          'INVALID_INPUT',
          'name: a confirmation phrase names the connection by it: use letters or digits.',
          {
            field: 'name',
          },
        );
      }
      if (!existing || !samePhraseName(existing.name, input.name)) {
        const twin = db
          .listConnections(ctx.db)
          .find((c) => c.id !== input.id && samePhraseName(c.name, input.name));
        if (twin) {
          throw new AppError(
            'INVALID_INPUT',
            `name: the connection "${twin.name}" (${twin.id}, ${shownBaseUrl(twin.baseUrl)}) already has that name, as a confirmation phrase reads it (case, spacing and punctuation aside). Choose a name that tells them apart.`,
            { field: 'name' },
          );
        }
      }
      // Every request takes the secret to this address, and the address is stored and shown as typed.
      // An address sent back as lists show it (masked) is the stored one, unchanged: checked as it is stored.
      const kept =
        existing !== undefined &&
        (input.baseUrl === existing.baseUrl || input.baseUrl === shownBaseUrl(existing.baseUrl));
      const urlProblem = baseUrlProblem(kept ? existing.baseUrl : input.baseUrl);
      if (urlProblem) {
        // An address saved before addresses were checked, kept as it was (or as lists mask it) while the
        // admin changes something else — a rename: say the address has to be fixed in this same edit.
        throw new AppError(
          'INVALID_INPUT',
          kept
            ? `${urlProblem} This connection's saved address was stored by an earlier version, before addresses were checked, and nothing else about it can be saved until it is fixed: give the right address in this same edit (\`bulk-desk connections edit ${existing.id} --base-url URL\` with your other changes, or Base URL in Connections → Edit).`
            : urlProblem,
          { field: 'baseUrl' },
        );
      }
      if (!existing && !input.secret) {
        throw new AppError('INVALID_INPUT', 'secret: enter the API key or token for a new connection.', {
          field: 'secret',
        });
      }
      // The address, the name and the account are kept in clear: none may hold the secret (given now, else the stored one).
      const inClear = secretInFields(
        input,
        input.secret
          ? secretTexts(secretFor(input.identity, input.secret), input.secret)
          : storedSecretTexts(existing?.id),
      );
      if (inClear) throw new AppError('INVALID_INPUT', inClear.message, { field: inClear.field });
      const record: db.ConnectionRecord = {
        id: existing?.id ?? randomUUID(),
        name: input.name,
        api: input.identity.api,
        baseUrl: input.baseUrl.replace(/\/+$/, ''),
        identity: input.identity,
        isSandbox: false,
        createdAt: existing?.createdAt ?? ctx.now(),
      };
      // A secret is bound to the address and account it was given for: pointed elsewhere without a new
      // one, the stored secret goes, so a changed URL can never receive the old key.
      // The scheme too: a key given for http:// (sent in clear) is not carried over to https:// unasked.
      const moved =
        existing !== undefined &&
        (!sameTarget(existing, record) || schemeOf(existing.baseUrl) !== schemeOf(record.baseUrl));
      // Unless the secret there was given for where it now points: a connection whose database was restored
      // from before it was re-pointed, pointed back at the address its secret was given for.
      const given = moved && !input.secret ? ctx.credentials.givenFor(record.id) : null;
      // None stored (gone with an earlier move): nothing to remove, and none is said to be removed. A
      // keychain that cannot be read is tried as before: the removal says why it could not.
      const noneStored = moved && !input.secret && ctx.credentials.status(record.id).state === 'missing';
      const secretRemoved =
        moved && !input.secret && !noneStored && !(given && givenForTarget(given, record));
      // The row, and a last test that no longer says anything about this connection (a new address,
      // identity or secret), in the transaction that names its secret (changeSecretThen).
      const write = () => {
        db.upsertConnection(ctx.db, record);
        if (
          existing &&
          (input.secret ||
            existing.baseUrl !== record.baseUrl ||
            JSON.stringify(existing.identity) !== JSON.stringify(record.identity))
        )
          db.clearConnectionTest(ctx.db, record.id);
      };
      // Keychain first: if it fails, nothing is saved and the admin can try again; if the row then cannot be
      // written, the keychain is put back as it was; a process killed in between leaves the connection with
      // the secret it was saved with (secretChange.ts says how).
      // Kept with the address and account it is given for: should the database change under the keychain
      // (a restored backup, a copied data folder), it is never sent anywhere else (sendableAddresses.ts).
      let secretKept: SecretKept | null = null;
      if (input.secret || secretRemoved)
        ({ secretKept } = changeSecretThen(ctx.db, ctx.keychain, record.id, ctx.now(), {
          change: input.secret
            ? { ...secretFor(input.identity, input.secret), givenFor: targetOf(record) }
            : null,
          isNew: !existing,
          write,
          changeFailed: (e) =>
            input.secret
              ? e instanceof Error
                ? e
                : new Error(String(e))
              : new AppError(
                  'CREDENTIALS',
                  `The address or account changed, so the stored secret must be removed first, and it could not be: ${
                    e instanceof Error ? e.message : String(e)
                  } Nothing was changed; or enter the secret again with the change.`,
                ),
          writeFailed: (e, keychain) => {
            const fault = storageFaultKind(e)
              ? describeStorageFault(e, join(ctx.dataDir, DB_FILE), ctx.dataDir)
              : `The connection could not be saved (${e instanceof Error ? e.message : String(e)}).`;
            return new AppError('INTERNAL', `${fault} ${keychain}`);
          },
        }));
      else ctx.db.transaction(write)();
      return { ...toDto(record), secretRemoved, secretKept };
    },
    'connections.deletePlan': async ({ id }) => deletePlanOf(id),
    'connections.delete': async ({ id, confirm }) => {
      const plan = deletePlanOf(id);
      // A sync writing this connection's pages would put its learners back after the delete.
      if (ctx.sync.status([id])[0]?.running)
        throw new AppError('CONFLICT', `${plan.name} is syncing: wait for the sync to end, then delete it.`);
      // Likewise a plan reading it: its next page would be saved after the delete.
      const reading = ctx.plans.readingOn(id);
      if (reading)
        throw new AppError(
          'CONFLICT',
          `${plan.name} is reading a plan of ${reading.fileName}: wait for it to end, then delete it.`,
        );
      // A job sending on it would find no secret for its next request, and no connection to resume on.
      const sending = ctx.runner.activeJobIds().find((jobId) => getJob(ctx.db, jobId)?.connectionId === id);
      if (sending)
        throw new AppError(
          'CONFLICT',
          `${plan.name} is sending job ${sending.slice(0, 8)}: pause or cancel it, or let it finish, then delete the connection.`,
        );
      if (!isConfirmed(plan.phrase, confirm)) {
        throw new AppError(
          'CONFLICT',
          `${confirm === undefined ? 'Not confirmed' : 'The phrase does not match'}: ${connectionDeleteSummary(plan)} ` +
            `To go ahead, confirm with: ${plan.phrase}`,
          { field: 'confirm', phrase: plan.phrase },
        );
      }
      // The secret first: with the keychain locked or out of reach (no D-Bus session) it cannot go, and
      // deleting the row anyway left the key behind in the keychain, unnamed by anything Bulk Desk shows,
      // while the delete said it went "and its secret". Refused instead, nothing deleted: once the keychain
      // answers, the same delete removes both. (Should the transaction below fail after this, the connection
      // stays without a secret, which Connections shows as missing: never a key kept for nothing.)
      // Only the entries this database wrote: a copy of the data folder names the same ones, and another
      // database's stays, said so (connectionSecretDelete.ts).
      let secretKept: SecretKept | null;
      try {
        secretKept = deleteConnectionSecret(ctx.db, ctx.keychain, id);
      } catch (e) {
        throw new AppError(
          'CREDENTIALS',
          `${e instanceof Error ? e.message : String(e)} Nothing was deleted: the secret of “${plan.name}” must go with it. ` +
            'Delete the connection again once the keychain answers.',
        );
      }
      // The row, its synced data and its plans' reads, in one transaction.
      const gone = deleteConnectionWithData(ctx.db, id);
      if (!gone) throw new AppError('NOT_FOUND', `No connection with id ${id}.`);
      const { jobs, plansKept, ...removed } = gone;
      return { deleted: true as const, removed, plansKept, jobsKept: jobs, secretKept };
    },
    'connections.test': async ({ id }) => {
      const c = db.getConnection(ctx.db, id);
      if (!c) throw new AppError('NOT_FOUND', `No connection with id ${id}.`);
      const result = await testConnection(c, ctx.credentials.get(id), ctx.send);
      db.recordConnectionTest(ctx.db, id, keptTest(result, ctx.now()));
      return result;
    },
  } satisfies Partial<Handlers>;
}
