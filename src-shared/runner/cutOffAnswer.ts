// An answer cut off mid-body: its status and headers came, then the connection closed before the rest.
// The LMS got the request and answered (a 2xx did the work), so this is not "no answer": the row's error
// says the status, and `jobs in-doubt` reads it back from that error (inDoubtAnswer.ts). One wording, built
// and read here.

/** The error of a request whose answer was cut off after its status (`how`: what closed it). */
export function cutOffError(host: string, status: number, how: string): string {
  return `${host} answered HTTP ${status}, but the answer was cut off after the status (${how})`;
}

const CUT_OFF = /answered HTTP (\d{3}), but the answer was cut off after the status \((.*)\)$/;

/** The status and how it was cut off, when `error` says an answer was cut off; else null. */
export function cutOffAnswer(error: string | null): { status: number; how: string } | null {
  const m = error ? CUT_OFF.exec(error) : null;
  return m ? { status: Number(m[1]), how: m[2]! } : null;
}
