// A connection pointed at another address without a new secret, in its own process, stopped for good at
// its first keychain removal, for the test that kills it there (SIGKILL). Usage:
//   node --import tsx test/helpers/movingChild.ts <dataDir> <connection id> <new address> <before|after>
// "after": the entry is removed, then the child stops; "before": it stops without removing it. Either way
// it prints "removing <entry key>" and waits until it is killed. The keychain is the real one (same D-Bus
// session and service name as the parent); only its `delete` is watched.
import { writeSync } from 'node:fs';
import { createServices } from '../../src-main/services';
import { createKeychainStore } from '../../src-main/services/credentials';

const [dataDir, id, baseUrl, when] = process.argv.slice(2);
if (!dataDir || !id || !baseUrl || (when !== 'before' && when !== 'after')) {
  process.stderr.write('usage: movingChild.ts <dataDir> <connection id> <new address> <before|after>\n');
  process.exit(2);
}
const keychain = createKeychainStore();
const services = await createServices({
  dataDir,
  sandbox: false,
  credentials: {
    ...keychain,
    delete(key) {
      if (when === 'after') keychain.delete(key);
      writeSync(1, `removing ${key}\n`);
      // Nothing after this runs: the process stays here until it is killed.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    },
  },
});
const r = await services.dispatch('connections.save', {
  id,
  name: 'Acme',
  baseUrl,
  identity: { api: 'coursepath', email: 'admin@acme.example' },
});
process.stdout.write(`not stopped: ${JSON.stringify(r)}\n`);
await services.close();
process.exit(1);
