// "Copy as cURL": one request as a shell command an admin can paste into a terminal or a support ticket.
// By default the Authorization header is a placeholder: Bulk Desk signs each request when it sends it,
// and a stored or copied signature would be a working credential. A live one is built by main only when
// the admin asks for it (requests.liveCurl) and is never stored.

export interface CurlRequest {
  method: string;
  url: string;
  headers: Readonly<Record<string, string>>;
  body: string | null;
}

/** POSIX shell single quotes: nothing inside is expanded; a quote is closed, escaped and reopened. */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

export const AUTH_VARIABLE = 'BULKDESK_AUTHORIZATION';

/**
 * `authorization`: the live header value, or null for the placeholder (a shell variable the admin sets,
 * and the command refuses to run until it is set).
 */
export function toCurl(req: CurlRequest, authorization: string | null): string {
  const lines: string[] = [];
  if (authorization === null)
    lines.push(
      '# The Authorization header is a placeholder: Bulk Desk signs every request when it sends it.',
      `# Set ${AUTH_VARIABLE} to a valid header value to send this yourself.`,
    );
  else
    lines.push(
      '# CONTAINS A WORKING CREDENTIAL, valid for a short time: do not paste it into tickets or chats.',
    );
  const parts = [`curl --request ${req.method} ${shellQuote(req.url)}`];
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.toLowerCase() === 'authorization') continue;
    parts.push(`--header ${shellQuote(`${name}: ${value}`)}`);
  }
  parts.push(
    authorization === null
      ? `--header "Authorization: \${${AUTH_VARIABLE}:?set ${AUTH_VARIABLE} first}"`
      : `--header ${shellQuote(`Authorization: ${authorization}`)}`,
  );
  if (req.body !== null) parts.push(`--data-raw ${shellQuote(req.body)}`);
  lines.push(parts.join(' \\\n  '));
  return lines.join('\n') + '\n';
}
