// `send`s that answer some requests themselves and send everything else to the real sandbox: a key that
// lost a permission (403), a single sign-on's sign-in page in front of the LMS. What they answered is kept.
import { sendHttp, type HttpRequest, type HttpResponse } from '../../src-main/services/http';

export const FORBIDDEN: Omit<HttpResponse, 'durationMs'> = {
  status: 403,
  headers: { 'content-type': 'application/json' },
  body: '{"message":"Forbidden"}',
};

/** Answers `answer` to the requests `when` picks (kept in `caught`, in order); the rest go to the sandbox. */
export function answeringSend(
  when: (req: HttpRequest) => boolean,
  answer: Omit<HttpResponse, 'durationMs'>,
): { caught: HttpRequest[]; send: (req: HttpRequest) => Promise<HttpResponse> } {
  const caught: HttpRequest[] = [];
  const send = async (req: HttpRequest): Promise<HttpResponse> => {
    if (!when(req)) return sendHttp(req);
    caught.push(req);
    return { ...answer, durationMs: 0 };
  };
  return { caught, send };
}

/** 403 for one path while `r.on` (a key that lost that permission mid-life): for syncs whose course list is refused. */
export function refusing(path: string): {
  r: { on: boolean };
  send: (req: HttpRequest) => Promise<HttpResponse>;
} {
  const r = { on: false };
  const { send } = answeringSend((req) => r.on && new URL(req.url).pathname === path, FORBIDDEN);
  return { r, send };
}
