// A request's headers as the runner stores them with each attempt: Authorization redacted, as JSON.
// Every row of a job normally has the same set, so it is serialized once and reused while the next
// row's headers match, entry for entry and in the same order (so they would serialize the same).
import type { ConnectionIdentity } from '../../src-shared/contract/api';
import type { BuiltRequest } from '../../src-shared/mapping/types';
import { redactedHeaders } from '../services/requestFactory';

/** Whether `b` has exactly the entries `keys`/`a`, in the same order. */
function sameEntries(keys: readonly string[], a: Record<string, string>, b: Record<string, string>): boolean {
  let i = 0;
  for (const k in b) {
    if (k !== keys[i] || a[k] !== b[k]) return false;
    i++;
  }
  return i === keys.length;
}

export function storedHeadersOf(identity: ConnectionIdentity): (built: BuiltRequest) => string {
  let last: { keys: string[]; headers: Record<string, string>; json: string } | null = null;
  return (built) => {
    if (last && sameEntries(last.keys, last.headers, built.headers)) return last.json;
    const json = JSON.stringify(redactedHeaders(built, identity));
    last = { keys: Object.keys(built.headers), headers: { ...built.headers }, json };
    return json;
  };
}
