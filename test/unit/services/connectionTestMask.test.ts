// The connection test masks the stored secret in what the LMS answered as every stored answer is masked
// (src-shared/util/redact.ts, maskSentCredentials): a short secret as a whole word only, never inside one —
// the test's own masking cut 4 or more characters out of any word holding them ("Zq7wood" → "••••ood").
import { describe, expect, it } from 'vitest';
import { probeConnection } from '../../../src-main/services/connectionTest';
import type { HttpRequest, HttpResponse } from '../../../src-main/services/http';

const acme = {
  name: 'Acme',
  baseUrl: 'https://acme.coursepath.com',
  identity: { api: 'coursepath' as const, email: 'admin@acme.example' },
};
const answering =
  (status: number, body: string) =>
  async (_req: HttpRequest): Promise<HttpResponse> => ({ status, headers: {}, body, durationMs: 1 });

describe('the connection test masks the secret in the answer', () => {
  it('as a whole word, keeping the words that hold its letters', async () => {
    const body = '{"message":"member Zq7wood is not allowed; the key Zq7w was refused","key":"Zq7w"}';
    const { result, answer } = await probeConnection(
      acme,
      { api: 'coursepath', apiKey: 'Zq7w' },
      answering(401, body),
    );
    expect(answer?.body).toBe(
      '{"message":"member Zq7wood is not allowed; the key •••• was refused","key":"••••"}',
    );
    expect(result.message).not.toMatch(/Zq7w(?!ood)/);
    expect(result.message).not.toContain('••••ood');
  });

  it('a long one wherever it is, as it is and encoded', async () => {
    const key = 'c2VjcmV0LXNpZ25pbmc/a2V5+Zm9y=QWNtZQ';
    const body = `{"echo":"${key}","q":"${encodeURIComponent(key)}","b":"${Buffer.from(key).toString('base64')}"}`;
    const { answer } = await probeConnection(acme, { api: 'coursepath', apiKey: key }, answering(401, body));
    expect(answer?.body).toBe('{"echo":"••••","q":"••••","b":"••••"}');
  });
});
