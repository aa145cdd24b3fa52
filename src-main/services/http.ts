// One HTTP exchange with a timeout. Uses Node's built-in fetch (undici): keep-alive pooling and HTTP/1.1
// are what a bulk sender needs, and it adds no dependency.
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  timeoutMs: number;
  /** Keep only these response headers (lower-case names); all of them when absent. */
  responseHeaders?: readonly string[];
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  durationMs: number;
}

/** A network failure (refused, reset, DNS, timeout): no HTTP status came back. */
export class NetworkError extends Error {
  constructor(
    message: string,
    public readonly durationMs: number,
    public readonly timedOut: boolean,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

function pick(headers: Headers, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = headers.get(name);
    if (v !== null) out[name] = v;
  }
  return out;
}

export async function sendHttp(req: HttpRequest): Promise<HttpResponse> {
  const started = performance.now();
  try {
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body ?? undefined,
      signal: AbortSignal.timeout(req.timeoutMs),
      redirect: 'manual', // never follow a redirect with our Authorization header attached
    });
    const body = await res.text();
    return {
      status: res.status,
      headers: req.responseHeaders ? pick(res.headers, req.responseHeaders) : Object.fromEntries(res.headers),
      body,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (e) {
    const durationMs = Math.round(performance.now() - started);
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const timedOut = err.name === 'TimeoutError' || err.name === 'AbortError';
    const detail = timedOut
      ? `no answer within ${req.timeoutMs / 1000} s`
      : (err.cause?.code ?? err.cause?.message ?? err.message);
    // The URL is safe to show (no secrets in our URLs); the headers are not, and never appear here.
    throw new NetworkError(`Could not reach ${new URL(req.url).host}: ${detail}`, durationMs, timedOut);
  }
}
