// The check a job paused by the credentials breaker makes before it sends again: the request "Test" makes
// on Connections (../services/connectionTest.ts), judged and worded in
// src-shared/runner/credentialsCheck.ts. An ordinary GET that changes nothing on the LMS. Its result is
// the connection's last test too, kept as the button keeps it: Connections shows what the key last did.
import {
  credentialsCheckedFact,
  judgeCredentialsCheck,
  type CredentialsCheck,
} from '../../src-shared/runner/credentialsCheck';
import type { ConnectionLastTest } from '../../src-shared/contract/api';
import type { JobEventFact } from '../../src-shared/runner/jobEvents';
import type { ConnectionRecord } from '../db/connections';
import { connectionTestPath, keptTest, probeConnection } from '../services/connectionTest';
import type { ConnectionSecret } from '../services/credentials';
import type { HttpRequest, HttpResponse } from '../services/http';

export async function checkCredentials(
  connection: ConnectionRecord,
  secret: ConnectionSecret,
  send: (req: HttpRequest) => Promise<HttpResponse>,
  clock: () => number,
): Promise<{ check: CredentialsCheck; fact: JobEventFact; lastTest: ConnectionLastTest }> {
  const { result, answer } = await probeConnection(connection, secret, send);
  const check = judgeCredentialsCheck(answer, result.message);
  const request = `GET ${connectionTestPath(connection.identity)}`;
  const at = clock();
  return {
    check,
    fact: credentialsCheckedFact(connection.name, request, check, at),
    lastTest: keptTest(result, at),
  };
}
