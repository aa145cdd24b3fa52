/**
 * `make`'s result, made at the first call and kept: for what costs time to build and is not always needed
 * (the input schemas: building them all at import cost every start of the CLI ~55 ms).
 */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | null = null;
  return () => (made ??= { value: make() }).value;
}
