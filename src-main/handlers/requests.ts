// requests.*: preview the exact requests, and test-send one row for real (signed, response shown).
import { checkAddress } from '../services/sendableAddresses';
import { testSendUndoSentence } from '../../src-shared/undo/undoSentence';
import { testSendKey } from '../../src-shared/connectors/sentRowKey';
import { redactHeaders } from '../../src-shared/util/redact';
import { AppError } from '../../src-shared/contract/errors';
import { toCurl } from '../../src-shared/mapping/curl';
import { isJsonType, jsonProblem } from '../../src-shared/mapping/formBody';
import type { BuiltRequest } from '../../src-shared/mapping/types';
import { confirmationPhrase, isConfirmed } from '../../src-shared/runner/confirmGuard';
import { datasetRow, datasetRows } from '../db/datasets';
import { insertTestCall, listTestCalls } from '../db/testCalls';
import { phraseName } from '../safety/phraseName';
import { NetworkError } from '../services/http';
import { describeRowIssues, prepareRow, redactedHeaders, signedHeaders, toPreview } from '../services/requestFactory';
import { authorizationFor, unsentSecrets } from '../services/signing';
import { explainRequest } from './explainRequest';
import { REQUEST_TIMEOUT_MS } from '../runner/connectionDefaults';
import { bindLookups } from '../sync/lookups';
import type { HandlerContext } from './context';
import { resolveSpec } from './resolveSpec';
import type { Handlers } from './types';

export function requestHandlers(ctx: HandlerContext) {
  return {
    'requests.preview': async (input) => {
      const { template, connection, dataset } = resolveSpec(ctx.db, input);
      const page = datasetRows(ctx.db, dataset.id, input.offset, input.limit);
      const mapping = bindLookups(ctx.db, input.mapping, input.connectionId); // titles/emails → ids via the synced catalog
      return page.items.map((row) =>
        toPreview(
          prepareRow(template, mapping, connection.baseUrl, dataset.columns, row.rowNumber, row.cells),
          connection.identity,
          template,
        ),
      );
    },
    'requests.testSend': async (input) => {
      const { template, connection, dataset } = resolveSpec(ctx.db, input);
      // An address saved before addresses were checked: refused first, not after the phrase is typed.
      checkAddress(connection);
      const cells = datasetRow(ctx.db, dataset.id, input.rowNumber);
      if (!cells) throw new AppError('NOT_FOUND', `Row ${input.rowNumber} is not in ${dataset.fileName}.`, { row: input.rowNumber });
      const mapping = bindLookups(ctx.db, input.mapping, input.connectionId);
      const prepared = prepareRow(template, mapping, connection.baseUrl, dataset.columns, input.rowNumber, cells);
      if (!prepared.built) {
        throw new AppError('MAPPING_INVALID', describeRowIssues(prepared.issues), { row: input.rowNumber });
      }
      // The edited sample payload applies to this test only, as in the seed's "Send Test Data".
      const built = withOverride(prepared.built, input.bodyOverride, input.rowNumber);
      // A destructive template asks even for one row: "DELETE 1 course on Acme Production".
      const phrase = confirmationPhrase(template, 1, phraseName(ctx.db, connection));
      if (!isConfirmed(phrase, input.confirm)) {
        throw new AppError(
          'CONFLICT',
          `A test send of "${template.name}" really changes the LMS ("${connection.name}"). ${testSendUndoSentence(template.id).text} To send it, confirm with: ${phrase}`,
          { field: 'confirm', phrase: phrase ?? '' },
        );
      }
      const secret = ctx.credentials.get(connection.id);
      if (!secret) throw new AppError('CREDENTIALS', `No secret is stored for "${connection.name}". Edit the connection.`);
      const preview = toPreview({ ...prepared, built }, connection.identity, template);
      const sentAt = ctx.now();
      let result;
      try {
        const res = await ctx.send({
          method: built.method,
          url: prepared.url,
          headers: signedHeaders(built, connection.identity, secret),
          secrets: unsentSecrets(secret),
          body: built.body,
          timeoutMs: REQUEST_TIMEOUT_MS,
        });
        // Shown on the Preview screen: a session cookie the LMS sets is a credential to it, so it is masked
        // like our own Authorization (redactHeaders: set-cookie, cookie, authorization, x-api-key…).
        result = { request: preview, status: res.status, responseHeaders: redactHeaders(res.headers), responseBody: res.body, durationMs: res.durationMs, error: null };
      } catch (e) {
        if (!(e instanceof NetworkError)) throw e;
        result = { request: preview, status: null, responseHeaders: {}, responseBody: '', durationMs: e.durationMs, error: e.message };
      }
      insertTestCall(ctx.db, {
        connectionId: connection.id,
        templateId: template.id,
        datasetId: dataset.id,
        rowNumber: input.rowNumber,
        method: built.method,
        url: prepared.url,
        requestHeaders: redactedHeaders(built, connection.identity),
        requestBody: built.body,
        responseStatus: result.status,
        responseBody: result.responseBody,
        error: result.error,
        durationMs: result.durationMs,
        sentAt,
        // The row counts as sent, even with an edited payload, while the edit leaves what it acts on alone
        // (a name); an edit to another member or id counts that one as sent instead (sentRowKey.ts).
      }, prepared.key === null ? null : testSendKey(template, prepared.key, prepared.built, built), connection);
      return result;
    },
    'requests.testCalls': async (input) => listTestCalls(ctx.db, input),
    'requests.explain': async (input) => explainRequest(ctx.db, input),
    'requests.liveCurl': async (input) => {
      const { template, connection, dataset } = resolveSpec(ctx.db, input);
      // A Coursepath JWT is single use and expires within minutes; Coassemble's header is the API key itself.
      if (connection.identity.api !== 'coursepath')
        throw new AppError(
          'CONFLICT',
          `A live cURL for "${connection.name}" would hold its Coassemble API key itself, which does not expire. Copy the cURL with the placeholder and set BULKDESK_AUTHORIZATION yourself.`,
          { field: 'connectionId' },
        );
      const cells = datasetRow(ctx.db, dataset.id, input.rowNumber);
      if (!cells) throw new AppError('NOT_FOUND', `Row ${input.rowNumber} is not in ${dataset.fileName}.`, { row: input.rowNumber });
      const mapping = bindLookups(ctx.db, input.mapping, input.connectionId);
      const prepared = prepareRow(template, mapping, connection.baseUrl, dataset.columns, input.rowNumber, cells);
      if (!prepared.built)
        throw new AppError('MAPPING_INVALID', describeRowIssues(prepared.issues), { row: input.rowNumber });
      const built = withOverride(prepared.built, input.bodyOverride, input.rowNumber);
      const secret = ctx.credentials.get(connection.id);
      if (!secret) throw new AppError('CREDENTIALS', `No secret is stored for "${connection.name}". Edit the connection.`);
      // Signed now, returned once, never stored or logged.
      const command = toCurl({ ...built, url: prepared.url }, authorizationFor(connection.identity, secret, ctx.now()));
      return { command, validForSeconds: LIVE_JWT_SECONDS };
    },
  } satisfies Partial<Handlers>;
}

/**
 * How long a live Coursepath JWT is good for: the academy refuses tokens "older than a couple of minutes"
 * (the exact window is not documented), and each is single use.
 */
const LIVE_JWT_SECONDS = 120;

/** The row's request with the admin's edited body, refused when it claims to be JSON and is not. */
function withOverride(built: BuiltRequest, bodyOverride: string | null | undefined, rowNumber: number): BuiltRequest {
  if (bodyOverride == null) return built;
  const problem = isJsonType(built.headers) ? jsonProblem(bodyOverride) : null;
  if (problem)
    throw new AppError('INVALID_INPUT', `The edited body of row ${rowNumber} was not sent. ${problem}`, {
      field: 'bodyOverride',
      row: rowNumber,
    });
  return { ...built, body: bodyOverride };
}
