// node:http and node:https as Node's own objects, not ES imports. An ES module's `import … from 'node:http'`
// makes the module's ES namespace, which reads every export, among them the lazy WebSocket getter, which
// loads fetch's engine (undici): ~60 ms of CPU at every start of the CLI and the app, --help included,
// for a command that sends nothing. process.getBuiltinModule gives the same module without that.
// (Types only are imported: `import type` leaves nothing in the build.)
import type * as Http from 'node:http';
import type * as Https from 'node:https';

let httpModule: typeof Http | undefined;
/** node:http, loaded at its first use: ~9 ms of CPU (with node:net) that `--help` or `jobs list` never needs. */
export const http = (): typeof Http => (httpModule ??= process.getBuiltinModule('node:http'));

let httpsModule: typeof Https | undefined;
/** node:https, loaded at its first use: it brings TLS (~40 ms of CPU) that a command sending nothing never needs. */
export const https = (): typeof Https => (httpsModule ??= process.getBuiltinModule('node:https'));
