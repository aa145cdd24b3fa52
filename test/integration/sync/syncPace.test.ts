// A sync keeps the LMS's limit: by default Coassemble's documented 100 requests a rolling minute, spaced
// evenly (0.6 s apart), as a job does — and the window it is given when told one. The other sync tests
// scale the window down in time (they look at what a sync stores); this one looks at its pace.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe('the pace of a sync', () => {
  const temp = useTempServices();

  /**
   * The times the sandbox's Coassemble saw requests, over `ms` from the first. Timed from the first request,
   * not from the start: on a loaded machine opening the services and starting the sync can take a second.
   */
  const coassembleTimes = async (options: Parameters<typeof temp.open>[0], ms: number) => {
    const s = await temp.open(options);
    const seen = () =>
      s
        .sandbox!.ledger.entries()
        .filter((e) => e.api === 'coassemble')
        .map((e) => e.at);
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COASSEMBLE_ID] });
    for (const until = Date.now() + 15_000; seen().length === 0 && Date.now() < until;)
      await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, ms));
    const times = seen();
    await temp.close(); // stops the sync (it stays resumable)
    return times;
  };

  it("keeps Coassemble's documented 100 a minute by default: one request every 0.6 s", async () => {
    const times = await coassembleTimes({ sandbox: { seed: 7 } }, 2_500);
    // A sync of the sandbox's Coassemble takes ~60 requests; unpaced they would all be in by now.
    expect(times.length).toBeGreaterThanOrEqual(3);
    expect(times.length).toBeLessThanOrEqual(6);
    // Spaced at the pace: the typical gap is 0.6 s. One request held up on a busy machine before the
    // sandbox saw it shortens the gap after it (the next one leaves on time); a burst would put it near 0.
    const sorted = gaps(times).sort((a, b) => a - b);
    expect(sorted[sorted.length >> 1]).toBeGreaterThanOrEqual(550);
    expect(sorted[0]).toBeGreaterThanOrEqual(300);
  });

  it('keeps the window it is told (here 10 a second: 0.1 s apart, never 11 in a second)', async () => {
    const limit = { requests: 10, windowMs: 1000 };
    const times = await coassembleTimes(
      { sandbox: { seed: 7, coassembleLimit: limit }, sync: { rateLimit: limit } },
      1_900,
    );
    expect(times.length).toBeGreaterThanOrEqual(10);
    expect(times.length).toBeLessThanOrEqual(22);
    // Spaced evenly, not in bursts: the typical gap is the pace's 0.1 s. A gap may be shorter by the time
    // a request waited for a busy event loop or core before the sandbox saw it (79 ms seen on a loaded CI
    // machine, 39 and 16 ms with other suites beside it: the next request leaves on time), but that
    // shortens one gap here and there; a pace that bursts puts gap after gap near 0.
    const sorted = gaps(times).sort((a, b) => a - b);
    expect(sorted[sorted.length >> 1]).toBeGreaterThanOrEqual(90);
    const short = sorted.filter((g) => g < 20).length;
    expect(short).toBeLessThanOrEqual(Math.max(1, Math.floor(sorted.length / 10)));
    // What the LMS enforces, exactly: never 11 requests within a second.
    for (let i = 0; i + 10 < times.length; i++)
      expect(times[i + 10]! - times[i]!).toBeGreaterThanOrEqual(1000);
  });
});
