// What a route handler returns, and the two APIs' error envelopes.

export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, json: body, headers } : { status, json: body };
}

const COASSEMBLE_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

/** Coassemble §4.1: `{"message": "...", "error": {"code": "NOT_FOUND", "status": 404}}`. */
export function caError(status: number, message: string, headers?: Record<string, string>): Reply {
  const code = COASSEMBLE_CODES[status] ?? 'ERROR';
  return json(status, { message, error: { code, status } }, headers);
}

/**
 * Coursepath documents no error body (reference coursepath §5 [GAP]); this one is emulator-defined:
 * `{"error": "missing_parameter", "message": "email is required"}`. Clients should branch on status only.
 */
export function cpError(status: number, error: string, message: string, headers?: Record<string, string>): Reply {
  return json(status, { error, message }, headers);
}

export function outcomeOf(status: number): string {
  if (status >= 200 && status < 300) return 'ok';
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'auth';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'too_large';
    case 429:
      return 'rate_limited';
    default:
      return status >= 500 ? `error:${status}` : `client_error:${status}`;
  }
}
