// Demo credentials: derived from the seed when there is one (repeatable), random otherwise.
import { randomBytes, randomInt } from 'node:crypto';
import { mulberry32, randHex, randInt } from './prng';
import type { SandboxCredentials } from './types';

export const ADMIN_EMAIL = 'admin@sandbox-academy.test';

export function makeCredentials(baseUrl: string, seed: number | undefined): SandboxCredentials {
  if (seed === undefined) {
    return {
      coursepath: { baseUrl, email: ADMIN_EMAIL, apiKey: randomBytes(32).toString('hex') },
      coassemble: {
        baseUrl,
        userId: String(randomInt(10_000, 999_999)),
        userToken: randomBytes(20).toString('hex'),
        workspaceId: String(randomInt(1_000, 99_999)),
        apiKey: randomBytes(32).toString('hex'),
      },
    };
  }
  const rng = mulberry32(seed ^ 0x5eed_c0de);
  return {
    coursepath: { baseUrl, email: ADMIN_EMAIL, apiKey: randHex(rng, 64) },
    coassemble: {
      baseUrl,
      userId: String(randInt(rng, 10_000, 999_999)),
      userToken: randHex(rng, 40),
      workspaceId: String(randInt(rng, 1_000, 99_999)),
      apiKey: randHex(rng, 64),
    },
  };
}
