// The path-grant check (issue 20, item 4) in one place: which inputs name a file, and who may name one.
// Pure logic; the transports that pass each caller are tested in test/integration/transport/pathGrants
// (loopback, real services) and test/unit/electron/ipcTransport (IPC, Electron mocked).
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { METHODS, type Method } from '../../../src-shared/contract/api';
import { inputSchema } from '../../../src-shared/contract/validate';
import { CLI_CALLER, LOOPBACK_CALLER, type PathMode } from '../../../src-main/transport/callerContext';
import { checkPathGrants } from '../../../src-main/transport/pathGrantCheck';
import { PATH_INPUTS, pathInputsOf } from '../../../src-main/transport/pathInputs';

describe('PATH_INPUTS', () => {
  it('lists every method whose input has a `path` field, so none bypasses the check', () => {
    const withPath = (Object.keys(METHODS) as Method[]).filter((m) => {
      const json = JSON.stringify(z.toJSONSchema(inputSchema(m), { unrepresentable: 'any' }));
      return /"path":\{/.test(json);
    });
    expect(withPath.sort()).toEqual(Object.keys(PATH_INPUTS).sort());
    expect(withPath).toEqual(expect.arrayContaining(['datasets.import', 'jobs.export', 'reports.export']));
  });

  it('names each path with its field and whether it is read or written', () => {
    expect(pathInputsOf('datasets.import', { source: { kind: 'path', path: '/home/a/x.csv' } })).toEqual([
      { field: 'source.path', path: '/home/a/x.csv', mode: 'read' },
    ]);
    expect(pathInputsOf('datasets.import', { source: { kind: 'upload', uploadId: 'ab' } })).toEqual([]);
    expect(pathInputsOf('jobs.export', { jobId: 'j', path: '/home/a/.bashrc' })).toEqual([
      { field: 'path', path: '/home/a/.bashrc', mode: 'write' },
    ]);
    expect(pathInputsOf('jobs.export', { jobId: 'j' })).toEqual([]); // main's own exports/ folder
    expect(
      pathInputsOf('reports.export', { report: { name: 'completionRate' }, path: '/x.csv' }),
    ).toHaveLength(1);
    expect(pathInputsOf('jobs.list', {})).toEqual([]);
  });
});

describe('checkPathGrants', () => {
  const importing = { source: { kind: 'path' as const, path: '/home/a/.bashrc' } };

  it('keeps the paths the admin typed at the command line', () => {
    expect(checkPathGrants('datasets.import', importing, CLI_CALLER)).toBeNull();
    expect(checkPathGrants('jobs.export', { jobId: 'j', path: '/home/a/.bashrc' }, CLI_CALLER)).toBeNull();
  });

  it('refuses every path from the browser UI, saying how files come and go there', () => {
    const read = checkPathGrants('datasets.import', importing, LOOPBACK_CALLER);
    expect(read?.toJSON()).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'source.path' } });
    expect(read?.message).toMatch(/uploaded/);
    const write = checkPathGrants(
      'reports.export',
      { report: { name: 'completionRate' }, path: '/tmp/x' },
      LOOPBACK_CALLER,
    );
    expect(write?.message).toMatch(/downloaded by the browser/);
    expect(
      checkPathGrants('datasets.import', { source: { kind: 'upload', uploadId: 'u' } }, LOOPBACK_CALLER),
    ).toBeNull();
    expect(checkPathGrants('jobs.export', { jobId: 'j' }, LOOPBACK_CALLER)).toBeNull();
  });

  it("over IPC, asks the window's grants, for the right mode", () => {
    const asked: [string, PathMode][] = [];
    const grants = {
      take: (path: string, mode: PathMode) => {
        asked.push([path, mode]);
        return path === '/home/a/chosen.csv' && mode === 'read';
      },
    };
    expect(checkPathGrants('datasets.import', importing, { kind: 'ipc', grants })?.message).toMatch(
      /Choose the file again/,
    );
    expect(
      checkPathGrants(
        'datasets.import',
        { source: { kind: 'path', path: '/home/a/chosen.csv' } },
        { kind: 'ipc', grants },
      ),
    ).toBeNull();
    expect(
      checkPathGrants('jobs.export', { jobId: 'j', path: '/home/a/chosen.csv' }, { kind: 'ipc', grants }),
    ).not.toBeNull();
    expect(asked).toEqual([
      ['/home/a/.bashrc', 'read'],
      ['/home/a/chosen.csv', 'read'],
      ['/home/a/chosen.csv', 'write'],
    ]);
  });
});
