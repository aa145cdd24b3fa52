// Who may use the test hooks under /__sandbox/ (the ledger holds test-sent bodies, i.e. spreadsheet data;
// reset wipes the sandbox). Like the loopback transport: the Host must be this server's own loopback
// address (a DNS-rebinding page sends its own name), and a browser request must come from the sandbox's
// own origin (another site's fetch or form carries its Origin, or Sec-Fetch-Site: cross-site). Scripts
// and tests (node fetch, curl) send neither Origin nor Sec-Fetch-Site, and pass.
import type { IncomingHttpHeaders } from 'node:http';

/** null when the request may use the hooks, else why it may not. */
export function hookRefusal(headers: IncomingHttpHeaders, port: number): string | null {
  const host = headers.host;
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  if (typeof host !== 'string' || !hosts.includes(host.toLowerCase())) {
    return 'Refused: the sandbox test hooks answer only to their own loopback address (unexpected Host header).';
  }
  const origin = headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${host.toLowerCase()}`) {
    return 'Refused: the sandbox test hooks do not answer requests from another origin.';
  }
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return 'Refused: the sandbox test hooks do not answer cross-site requests.';
  }
  return null;
}
