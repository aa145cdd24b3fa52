// A Coursepath member created straight at the sandbox, as a request the app lost track of did: its id.
import { expect } from 'vitest';
import type { Services } from '../../src-main/services';
import { signCoursepathJwt } from '../../src-main/services/signing';

export async function createMemberInLms(
  s: Services,
  email: string,
  name = 'Marked By Hand',
): Promise<number> {
  const c = s.sandbox!.credentials.coursepath;
  const res = await fetch(`${c.baseUrl}/api/v1/members`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${signCoursepathJwt(c.email, c.apiKey)}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ email, name }),
  });
  expect(res.status).toBe(201);
  return Number(((await res.json()) as { id: number }).id);
}
