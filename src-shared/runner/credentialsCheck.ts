// A job the credentials breaker paused (breakers.ts) is resumed: before any row leaves, one harmless read
// checks the key — the check "Test" makes on Connections. A key the LMS still refuses sends no row: each
// would come back refused, and a run too short to trip the breaker again (the canary's) would leave them
// failed. This judges that answer as a row's would be judged, and words what the admin reads.
import { breakerRefusal } from './breakers';
import { apiErrorMessage, classifyResponse, webPageInstead } from './classifyResponse';
import type { JobEventFact } from './jobEvents';

export type CredentialsCheck =
  | { kind: 'accepted'; status: number }
  /**
   * 401, or a 403 that is not a rate limit; `error` reads as a refused row's ("HTTP 401: Invalid JWT signature").
   * `page`: a web page answered instead of the API (a sign-in page), which the breaker counts alike.
   */
  | { kind: 'refused'; status: number; error: string; page?: true }
  /**
   * Nothing answered (the network), or an answer that says nothing about the key (404, 429, 5xx): the
   * rows go as usual, where retries, the in-doubt rules and the breaker itself handle what comes back.
   */
  | { kind: 'unsure'; status: number | null; why: string };

/** `answer`: the LMS's, null when nothing answered; `why`: the test's own words for an unsure answer. */
export function judgeCredentialsCheck(
  answer: { status: number; body: string } | null,
  why: string,
): CredentialsCheck {
  if (!answer) return { kind: 'unsure', status: null, why };
  const verdict = classifyResponse(answer.status, answer.body, null, 0);
  if (verdict.kind === 'success') return { kind: 'accepted', status: answer.status };
  const refusal = breakerRefusal(answer.status, answer.body, verdict.kind);
  if (refusal === 'page')
    return { kind: 'refused', status: answer.status, error: webPageInstead(answer.status, answer.body)!, page: true };
  if (refusal === 'credentials')
    return { kind: 'refused', status: answer.status, error: apiErrorMessage(answer.status, answer.body) };
  return { kind: 'unsure', status: answer.status, why };
}

const noStop = (s: string) => s.trim().replace(/\.+$/, '');

/** The job's stop reason when the key is still refused (`page`: a web page still answers instead of the API). */
export function stillRefusedReason(connectionName: string, error: string, page = false): string {
  if (page)
    return (
      `The LMS's API still does not answer for "${connectionName}": a web page came instead (checked before sending: ` +
      `${noStop(error)}). Nothing was sent. Check the base URL and the proxy under Connections (Test), then resume.`
    );
  return (
    `The LMS still refuses the credentials of "${connectionName}" (checked before sending: ${noStop(error)}). ` +
    'Nothing was sent. Fix the key under Connections (Test), then resume.'
  );
}

/** What the job's events keep of the check (History's "What happened"); `request`: "GET /api/v1/members/me". */
export function credentialsCheckedFact(
  connectionName: string,
  request: string,
  check: CredentialsCheck,
  at: number,
): JobEventFact {
  const head = `Checked the credentials of "${connectionName}" before resuming (${request}): `;
  const detail =
    check.kind === 'accepted'
      ? `${head}accepted.`
      : check.kind === 'refused'
        ? `${head}refused, ${noStop(check.error)}.`
        : `${head}no verdict (${noStop(check.why)}); the rows are sent as usual, and refusals pause the job again.`;
  return { kind: 'credentialsChecked', at, status: check.status, detail };
}
