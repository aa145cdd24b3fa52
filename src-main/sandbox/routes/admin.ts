// Loopback-only test hooks (no auth; the server binds 127.0.0.1, checks the peer address, and refuses a
// foreign Host or a cross-site Origin: ../http/hookGuard.ts):
//   GET  /__sandbox/ledger?since=<seq>   JSON array of ledger entries with seq > since
//   POST /__sandbox/reset                back to the seeded demo data; clears ledger, jtis, limits
//   GET  /__sandbox/state                the whole state as JSON (Maps as arrays)
//   GET  /__sandbox/received             {received}: API requests received since the start or reset, answered or not
//   GET  /__sandbox/capacity             realistic mode: workers, queue, busy, waiting, admitted
//   POST /__sandbox/capacity?workers=N&queue=M   realistic mode: the LMS's capacity changes now
import { json, type Reply } from '../http/reply';
import type { CapacityGate } from '../capacity';
import type { Ledger } from '../ledger';
import type { SandboxState } from '../state/types';

interface AdminTarget {
  ledger: Ledger;
  received: number;
  state: SandboxState;
  capacity: CapacityGate | null;
  reset(): void;
}

function plain(value: unknown): unknown {
  if (value instanceof Map) return [...value.values()].map(plain);
  if (value instanceof Set) return [...value];
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

export function adminRequest(target: AdminTarget, method: string, path: string, query: URLSearchParams): Reply {
  if (method === 'GET' && path === '/__sandbox/ledger') {
    const since = Number(query.get('since') ?? '0');
    return json(200, Number.isFinite(since) ? target.ledger.since(since) : target.ledger.entries());
  }
  if (method === 'POST' && path === '/__sandbox/reset') {
    target.reset();
    return json(200, { ok: true });
  }
  if (method === 'GET' && path === '/__sandbox/state') return json(200, plain(target.state));
  if (method === 'GET' && path === '/__sandbox/received') return json(200, { received: target.received });
  if (path === '/__sandbox/capacity' && (method === 'GET' || method === 'POST')) {
    const gate = target.capacity;
    if (!gate) return json(409, { error: 'conflict', message: 'The sandbox is not in realistic mode (--realistic).' });
    if (method === 'POST') {
      const workers = Number(query.get('workers'));
      const queue = Number(query.get('queue') ?? gate.current.queue);
      if (!Number.isInteger(workers) || workers < 1 || !Number.isInteger(queue) || queue < 0)
        return json(400, { error: 'invalid', message: 'workers must be an integer ≥ 1 and queue an integer ≥ 0' });
      gate.set(workers, queue);
    }
    return json(200, gate.current);
  }
  return json(404, { error: 'not_found', message: `No sandbox hook ${method} ${path}` });
}
