// The transport's call made as the page goes (src-renderer/api/client.ts): in a browser a keepalive
// request, which Chromium finishes after the page is gone (a plain fetch is cancelled with it); inside
// Electron the preload's synchronous `callAsPageLeaves` (sendSync: main answers before the page is let go).
// The Electron binary cannot run here, so its preload is stood in for by a recorder on `window.api`; main's
// side of the channel is tested in test/unit/electron/ipcTransport.test.ts, the browser's end to end in
// test/e2e/editsKept.spec.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';

const CLIENT: string = '../../../src-renderer/api/client';
type Client = {
  callAsPageLeaves(method: string, input: unknown): Promise<{ ok: boolean; value?: unknown }>;
};

const input = { datasetId: 'd1', templateId: 't', connectionId: null, mapping: { fields: {} } };

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('a call made as the page goes', () => {
  it('is a keepalive request over the loopback transport, with the page token', async () => {
    const store = new Map<string, string>();
    vi.stubGlobal('location', { hash: '#token=t0k', pathname: '/', search: '' });
    vi.stubGlobal('history', { state: null, replaceState: () => {} });
    vi.stubGlobal('sessionStorage', {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
    });
    const fetch = vi.fn(
      async (_url: string, _init: RequestInit) =>
        new Response(JSON.stringify({ ok: true, value: { saved: true } })),
    );
    vi.stubGlobal('fetch', fetch);
    const { callAsPageLeaves } = (await import(CLIENT)) as Client;
    expect(await callAsPageLeaves('mappings.saveWorking', input)).toEqual({
      ok: true,
      value: { saved: true },
    });
    expect(fetch).toHaveBeenCalledWith('/api/mappings.saveWorking', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t0k' },
      body: JSON.stringify({ input }),
      keepalive: true,
    });
    // Beyond Chromium's keepalive allowance (64 KiB) a keepalive request is refused outright: sent plain.
    const big = { ...input, mapping: { fields: {}, note: 'x'.repeat(70_000) } };
    await callAsPageLeaves('mappings.saveWorking', big);
    expect(fetch.mock.calls[1]![1]).toMatchObject({ keepalive: false });
  });

  it("inside Electron is the preload's synchronous call, its Result answered as a promise", async () => {
    const callAsPageLeaves = vi.fn(() => ({ ok: true, value: { updatedAt: 5 } }));
    const call = vi.fn();
    vi.stubGlobal('window', { api: { call, on: () => () => {}, callAsPageLeaves } });
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const client = (await import(CLIENT)) as Client;
    expect(await client.callAsPageLeaves('mappings.saveWorking', input)).toEqual({
      ok: true,
      value: { updatedAt: 5 },
    });
    expect(callAsPageLeaves).toHaveBeenCalledWith('mappings.saveWorking', input);
    expect(call).not.toHaveBeenCalled();
    expect(fetch).not.toHaveBeenCalled();
  });
});
