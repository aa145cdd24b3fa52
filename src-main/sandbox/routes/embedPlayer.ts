// GET /embed/{view|edit}/{jwt}: what a signed course URL (POST /embed/course) opens. Real Coassemble serves
// its player/builder there; the sandbox serves a small HTML page naming the course and learner, after
// checking the URL's signature and its 3-hour expiry, so demos and browser tests have something to load.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Reply } from '../http/reply';
import type { SandboxState } from '../state/types';

function html(status: number, title: string, body: string): Reply {
  const page = `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
  return { status, text: page, headers: { 'content-type': 'text/html; charset=utf-8' } };
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function embedPage(path: string, secret: string, state: SandboxState, nowMs: number): Reply {
  const m = /^\/embed\/(view|edit)\/([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(path);
  if (!m) return html(404, 'Not found', '<h1>Not found</h1>');
  const [, action, h, p, s] = m as unknown as [string, string, string, string, string];
  const expected = createHmac('sha256', secret).update(`${h}.${p}`).digest();
  const given = Buffer.from(s, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return html(401, 'Invalid link', '<h1>Invalid link</h1>');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { course: number; identifier: string; exp: number };
  if (claims.exp * 1000 < nowMs) return html(410, 'Link expired', '<h1>This link has expired</h1>');
  const course = state.coassemble.courses.get(claims.course);
  if (!course || course.deleted) return html(404, 'Course not found', '<h1>Course not found</h1>');
  const title = esc(course.title);
  return html(
    200,
    title,
    `<main data-course-id="${course.id}" data-action="${action}"><h1>${title}</h1>` +
      `<p>Sandbox ${action === 'edit' ? 'builder' : 'player'} for <b>${esc(claims.identifier)}</b> — ${course.screens.length} screens.</p></main>`,
  );
}
