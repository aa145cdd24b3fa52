// The input schemas are built at their method's first use, not at import: building all of them cost every
// start of the CLI ~55 ms, for a command that validates one input (issue 19 (e)).
import { describe, expect, it, vi } from 'vitest';

describe('input schemas', () => {
  it('are built at the first use of their method, once', async () => {
    // A module of its own: unit files share their workers' modules, and another file may have built some.
    vi.resetModules();
    const { builtInputSchemas, inputSchema, validateInput } =
      await import('../../../src-shared/contract/validate');
    expect(builtInputSchemas()).toEqual([]);
    expect(validateInput('jobs.list', {}).ok).toBe(true);
    expect(builtInputSchemas()).toEqual(['jobs.list']);
    const schema = inputSchema('jobs.get');
    expect(validateInput('jobs.get', { jobId: '' })).toMatchObject({
      ok: false,
      error: { details: { field: 'jobId' } },
    });
    expect(inputSchema('jobs.get')).toBe(schema);
    expect(builtInputSchemas()).toEqual(['jobs.list', 'jobs.get']);
  });
});
