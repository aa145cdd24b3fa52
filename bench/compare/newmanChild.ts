// Newman 6.2.2 (Postman's CLI runner, from the npm registry) doing the same job: a generated Postman
// collection with one request, POST {{baseUrl}}/api/v1/members, form-encoded email and name from the
// CSV (given to Newman as iteration data, the same file), and a pre-request script that mints the same
// HS256 JWT with CryptoJS (which Postman's sandbox provides) — fresh jti and iat per request — plus one
// test on the status, as a Postman user would write it. Run programmatically via newman.run with no
// reporter, the fastest way Newman runs.
//   node --import tsx bench/compare/newmanChild.ts --csv F --base-url U --email E --secret S
import { createRequire } from 'node:module';
import { arg, emit, peakRssMb, type SendResult } from './child';

export type NewmanResult = SendResult;

const PRE_REQUEST = `
const CJ = require('crypto-js'); // the library Postman's sandbox ships (also the legacy global CryptoJS)
const b64url = (words) => CJ.enc.Base64.stringify(words).replace(/=+$/, '').replace(/\\+/g, '-').replace(/\\//g, '_');
const header = b64url(CJ.enc.Utf8.parse(JSON.stringify({ typ: 'JWT', alg: 'HS256' })));
const claims = b64url(CJ.enc.Utf8.parse(JSON.stringify({
  jti: CJ.lib.WordArray.random(16).toString(),
  iat: Math.floor(Date.now() / 1000),
  email: pm.environment.get('actingEmail'),
})));
const signature = b64url(CJ.HmacSHA256(header + '.' + claims, pm.environment.get('jwtSecret')));
pm.variables.set('jwt', header + '.' + claims + '.' + signature);
`;

const TEST = `pm.test('member created', () => pm.expect(pm.response.code).to.be.oneOf([200, 201]));`;

export function collection() {
  return {
    info: {
      name: 'Bulk Desk bench: Coursepath create member',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item: [
      {
        name: 'Create member',
        event: [
          { listen: 'prerequest', script: { type: 'text/javascript', exec: PRE_REQUEST.trim().split('\n') } },
          { listen: 'test', script: { type: 'text/javascript', exec: [TEST] } },
        ],
        request: {
          method: 'POST',
          url: '{{baseUrl}}/api/v1/members',
          header: [
            { key: 'Authorization', value: 'Bearer {{jwt}}' },
            { key: 'Accept', value: 'application/json' },
          ],
          body: {
            mode: 'urlencoded',
            urlencoded: [
              { key: 'email', value: '{{email}}' },
              { key: 'name', value: '{{first_name}} {{last_name}}' },
            ],
          },
        },
      },
    ],
  };
}

async function main() {
  const require = createRequire(import.meta.url);
  const newman = require('newman') as {
    run(
      opts: object,
      cb: (
        err: Error | null,
        summary: {
          run: { stats: { iterations: { total: number }; assertions: { failed: number; total: number } } };
        },
      ) => void,
    ): {
      on(event: string, fn: (...a: unknown[]) => void): void;
    };
  };
  const rowsHint = Number(arg('rows') ?? 0);
  const started = performance.now();
  let done = 0;
  const timer = setInterval(
    () =>
      emit('progress', {
        done,
        rows: rowsHint,
        elapsedMs: Math.round(performance.now() - started),
        peakRssMb: peakRssMb(),
      }),
    1000,
  );
  const summary = await new Promise<{ iterations: number; failed: number }>((resolve, reject) => {
    const emitter = newman.run(
      {
        collection: collection(),
        iterationData: arg('csv')!,
        environment: {
          values: [
            { key: 'baseUrl', value: arg('base-url')! },
            { key: 'actingEmail', value: arg('email')! },
            { key: 'jwtSecret', value: arg('secret')! },
          ],
        },
        reporters: process.env.NEWMAN_DEBUG ? ['cli'] : [],
      },
      (err, s) =>
        err
          ? reject(err)
          : resolve({ iterations: s.run.stats.iterations.total, failed: s.run.stats.assertions.failed }),
    );
    emitter.on('request', () => {
      done += 1;
    });
  });
  const ms = performance.now() - started;
  clearInterval(timer);
  const result: NewmanResult = {
    rows: summary.iterations,
    succeeded: summary.iterations - summary.failed,
    failed: summary.failed,
    ms: Math.round(ms),
    rowsPerSec: Math.round((summary.iterations - summary.failed) / (ms / 1000)),
    peakRssMb: peakRssMb(),
  };
  emit('result', result);
}

void main().catch((e: unknown) => {
  process.stderr.write(`newman bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
