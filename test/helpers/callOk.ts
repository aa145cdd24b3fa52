import type { Input, Method, Output } from '../../src-shared/contract/api';
import type { Services } from '../../src-main/services';

/** Calls a contract method through dispatch (as a transport would) and returns its value, or throws its message. */
export async function callOk<M extends Method>(s: Services, method: M, input: Input<M>): Promise<Output<M>> {
  const r = await s.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as Output<M>;
}
