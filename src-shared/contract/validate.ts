// Runtime input schemas, one per method, checked in main before any handler runs (both transports).
// zod because it is the well-kept standard for this, and its issues carry the field path we show.
// The schemas themselves are in ./inputs/, by concern; each is built at its method's first use and kept.
import type { z } from 'zod';
import type { Input, Method } from './api';
import { err, ok, type Result } from './errors';
import { METHOD_INPUTS } from './inputs/methodInputs';

const built = new Map<Method, z.ZodType>();

/**
 * The method's input schema, built at its first use and kept: building all of them at import cost every
 * start of the CLI ~55 ms of CPU, for a command that checks one input. Tests look over all of them with it.
 */
export function inputSchema<M extends Method>(method: M): z.ZodType<Input<M>> {
  let schema = built.get(method);
  if (!schema) built.set(method, (schema = METHOD_INPUTS[method]()));
  return schema as z.ZodType<Input<M>>;
}

/** The methods whose schema this process has built so far, in that order (the start-time test reads it). */
export const builtInputSchemas = (): Method[] => [...built.keys()];

export function validateInput<M extends Method>(method: M, input: unknown): Result<Input<M>> {
  const parsed = inputSchema(method).safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issues = parsed.error.issues.map((i) => ({
    path: i.path.join('.') || '(input)',
    message: i.message,
  }));
  const first = issues[0]!;
  return err({
    code: 'INVALID_INPUT',
    message: `${method}: ${first.path} ${first.message}`,
    details: { field: first.path, issues },
  });
}
