// A `send` that answers 403 for one path while `r.on` (a key that lost that permission mid-life), and
// sends everything else to the real sandbox: for syncs whose course list is refused.
import { sendHttp, type HttpRequest, type HttpResponse } from '../../src-main/services/http';

export function refusing(path: string): { r: { on: boolean }; send: (req: HttpRequest) => Promise<HttpResponse> } {
  const r = { on: false };
  const send = async (req: HttpRequest): Promise<HttpResponse> => {
    if (r.on && new URL(req.url).pathname === path)
      return { status: 403, headers: { 'content-type': 'application/json' }, body: '{"message":"Forbidden"}', durationMs: 0 };
    return sendHttp(req);
  };
  return { r, send };
}
