// A secure connection the client refused: the LMS's certificate is not one this computer trusts (self-signed,
// expired, issued for another host, or a company proxy or antivirus inspecting HTTPS with its own). The
// check runs in the TLS handshake, before a byte of the request is sent, so such a request never reached
// the LMS (never "in doubt"). Node names each case by a code; a bare code tells an admin nothing.

const CAUSE: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its chain ends in a self-signed root this computer does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'it was issued by an authority this computer does not know',
  UNABLE_TO_GET_ISSUER_CERT: 'it was issued by an authority this computer does not know',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'it was issued by an authority this computer does not know',
  CERT_UNTRUSTED: 'it is not trusted',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet (or this computer’s clock is wrong)',
  CERT_REVOKED: 'it has been revoked',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it was issued for another host name',
  ERR_SSL_WRONG_VERSION_NUMBER: 'none came: the address answers plain http, not https (a wrong port?)',
};

/** The codes after which the request cannot have reached the LMS (the handshake failed first). */
export const TLS_FAILURE_CODES: readonly string[] = Object.keys(CAUSE);

/**
 * A TLS failure in words, with its code (so a stored error can be read again: src-main/runner/exchange.ts),
 * or null when `code` is not one.
 */
export function tlsFailureWords(code: string | undefined): string | null {
  const cause = code ? CAUSE[code] : undefined;
  if (!cause) return null;
  return (
    `the LMS's certificate was refused: ${cause} (${code}); nothing was sent. If a company proxy or antivirus ` +
    'inspects HTTPS, start Bulk Desk with NODE_EXTRA_CA_CERTS set to a file holding its root certificate (ask IT); ' +
    'otherwise check the base URL.'
  );
}
