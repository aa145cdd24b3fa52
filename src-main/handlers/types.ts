import type { Input, Method, Output } from '../../src-shared/contract/api';

/** The handler table: one async function per contract method, given an already-validated input. */
export type Handlers = { [M in Method]: (input: Input<M>) => Promise<Output<M>> };
