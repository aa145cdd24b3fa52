// What the benchmarks need to drive the real services without a keychain: secrets held in memory (a
// bench may run where no keyring is unlocked), and a dispatch call that throws on an error Result.
import type { Input, Method, Output } from '../../src-shared/contract/api';
import type { Services } from '../../src-main/services';
import type { ConnectionSecret, CredentialStore } from '../../src-main/services/credentials';

export function memoryStore(): CredentialStore {
  const m = new Map<string, ConnectionSecret>();
  return {
    set: (id, s) => void m.set(id, s),
    get: (id) => m.get(id) ?? null,
    stored: (id) => m.get(id) ?? null,
    has: (id) => m.has(id),
    status: (id) => (m.has(id) ? { state: 'stored' } : { state: 'missing' }),
    givenFor: (id) => m.get(id)?.givenFor ?? null,
    delete: (id) => void m.delete(id),
  };
}

export async function call<M extends Method>(s: Services, method: M, input: Input<M>): Promise<Output<M>> {
  const r = await s.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as Output<M>;
}
