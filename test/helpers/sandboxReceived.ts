// Waits until a sandbox has received requests (GET /__sandbox/received): answered or not, so a test knows
// a request is in flight behind a slow answer rather than sleeping and hoping it has left. Works for a
// sandbox in another process (`--with-sandbox`) as for one in this process (its url).

/** Resolves once the sandbox at `baseUrl` has received at least `atLeast` API requests since its start. */
export async function sandboxReceived(baseUrl: string, atLeast = 1): Promise<number> {
  const origin = new URL(baseUrl).origin;
  for (;;) {
    const res = await fetch(`${origin}/__sandbox/received`);
    const { received } = (await res.json()) as { received: number };
    if (received >= atLeast) return received;
    await new Promise((r) => setTimeout(r, 20));
  }
}
