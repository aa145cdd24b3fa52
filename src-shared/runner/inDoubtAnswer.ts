// What is known of the answer to a row in doubt, in words, for the admin who must decide about it
// (`jobs in-doubt`). "No answer saved" only where that is all that is known: an answer whose status came
// back before the database refused it says its status, an answer cut off mid-body says its status, and a
// connection that broke says how.

import { LOST_AT_GATEWAY } from './classifyResponse';
import { cutOffAnswer } from './cutOffAnswer';

export interface InDoubtFacts {
  /** The HTTP status of the last send's answer, when it came back (kept even when the rest could not be saved). */
  status: number | null;
  /** The last send's own error: the network failure that left it without an answer (null: none recorded). */
  sendError: string | null;
}

/** The words after "→" in `jobs in-doubt`: the status and its fate, or why there is no answer. */
export function inDoubtAnswer(f: InDoubtFacts): string {
  if (f.status !== null && LOST_AT_GATEWAY.has(f.status))
    return `HTTP ${f.status} from a gateway in front of the LMS: the LMS's own answer was lost, so whether it did this is not known`;
  // The status came, then the connection closed mid-body: the LMS got the request and answered (the
  // status is kept with the attempt too, so this is asked first).
  const cut = cutOffAnswer(f.sendError);
  if (cut)
    return `HTTP ${cut.status} came back, but the answer was cut off after the status (${cut.how}): the LMS got the request, and what it answered is not known in full`;
  if (f.status !== null) return `HTTP ${f.status} came back, but the job stopped before it was saved`;
  // The runner prefixes the row's error with "In doubt: "; here the line already says it.
  if (f.sendError) return `no answer: ${f.sendError.replace(/^In doubt: /, '')}`;
  // The app stopped (or its end was written) with the request in flight: whether an answer came is not known.
  return 'no answer saved';
}
