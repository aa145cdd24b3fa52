// A row whose connection was refused before its request went — a certificate this computer does not trust,
// or the proxy refusing the CONNECT tunnel (src-main/services/http.ts, NetworkError.refused) — fails at
// once: nothing reached the LMS, and a retry meets the same refusal. Every other row of the job goes to the
// same address, so it would fail alike: the job pauses, as the credentials breaker pauses for a refused key,
// and says what to fix (the row's error names it: NODE_EXTRA_CA_CERTS, the proxy's allow list, NO_PROXY).

/** Why the job paused: the refusal in the row's words, and what to do once it is fixed. */
export function connectionRefusedReason(error: string | null): string {
  return (
    `The connection to the LMS was refused before anything was sent (${(error ?? 'no detail').replace(/\.$/, '')}). ` +
    'Every row would meet the same refusal, so the job paused: the rows not sent stay pending. Fix the cause, ' +
    'then resume, and rerun the rows that failed.'
  );
}
