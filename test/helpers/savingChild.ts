// A connection's save in its own process, stopped for good right after its secret is in the OS keychain
// and before its row is written, for the test that kills it there (SIGKILL). Usage:
//   node --import tsx test/helpers/savingChild.ts <dataDir> <name> <secret> [<id of the connection to edit>]
// The keychain is the real one (same D-Bus session and service name as the parent); only its `set` is
// watched: once it has written, the child prints "written <connection id>" and waits until it is killed.
import { writeSync } from 'node:fs';
import { createServices } from '../../src-main/services';
import { createKeychainStore } from '../../src-main/services/credentials';

const [dataDir, name, secret, editId] = process.argv.slice(2);
if (!dataDir || !name || !secret) {
  process.stderr.write('usage: savingChild.ts <dataDir> <name> <secret> [<id to edit>]\n');
  process.exit(2);
}
const keychain = createKeychainStore();
const services = await createServices({
  dataDir,
  sandbox: false,
  credentials: {
    ...keychain,
    set(id, value) {
      keychain.set(id, value);
      writeSync(1, `written ${id}\n`);
      // Nothing after the keychain write runs: the process stays here until it is killed.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    },
  },
});
const r = await services.dispatch('connections.save', {
  ...(editId ? { id: editId } : {}),
  name,
  baseUrl: 'https://acme.coursepath.com',
  identity: { api: 'coursepath', email: 'admin@acme.example' },
  secret,
});
process.stdout.write(`not stopped: ${JSON.stringify(r)}\n`);
await services.close();
process.exit(1);
