// How late this process's event loop ran, measured while a test's work runs: the sandbox answering in this
// process sees a request only when the loop gets to it, so on a loaded machine a request that left on time
// can be seen up to this late, and two requests paced 100 ms apart can be seen closer. Tests of a pace allow
// exactly that much, measured — not a guessed margin, and not a retry until the machine is quiet.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LagWatch {
  /** Stops watching; the longest the loop ran late meanwhile, in ms. */
  stop(): number;
}

export function watchEventLoopLag(): LagWatch {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  return {
    stop() {
      h.disable();
      // Nanoseconds; less the sampling interval, which the histogram counts as delay.
      return Math.max(0, h.max / 1e6 - 10);
    },
  };
}
