// Whether a host is this computer: `localhost` and its subdomains, 127.0.0.0/8, ::1 — bracketed as in a
// URL or bare as a socket's address, and IPv4-mapped (::ffff:127.0.0.1). One answer for the three places
// that ask: the base URL rule (plain http only to this computer), the proxy (this computer is reached
// directly) and the sandbox's test hooks (loopback callers only). An address must be whole: a name that
// only begins "127." (127.corp.example) is a name like any other.
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h) ||
    h === '::1' ||
    h === '0:0:0:0:0:0:0:1'
  );
}
