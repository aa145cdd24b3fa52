// Coursepath invites (reference coursepath §7 rows 17–19, §8.4): (re)send the invitation email, optionally
// overriding its text with mail[subject], mail[body], mail[action]. The sandbox sends no mail: each invite
// lands in the outbox (GET /__sandbox/state) with the text that would have been sent.
import { cpError, json, type Reply } from '../http/reply';
import { bodyObject, type Ctx, type Route } from '../router';
import { iso } from '../state/seedData';
import type { CpInvite } from '../state/types';
import { courseParam, isReply, memberParam, programParam } from './coursepathAccess';

type MailOverrides = { subject?: string; body?: string; action?: string };

/** Reads mail[...] from a form (`mail[subject]=…` → {mail:{subject}}) or JSON (`{"mail":{…}}` or `{"mail[subject]":…}`). */
function mailOverrides(ctx: Ctx): MailOverrides | Reply {
  const b = bodyObject(ctx);
  const nested = b.mail;
  if (nested !== undefined && (typeof nested !== 'object' || nested === null || Array.isArray(nested))) {
    return cpError(400, 'invalid_parameter', 'mail must be an object with subject, body, action');
  }
  const out: MailOverrides = {};
  for (const k of ['subject', 'body', 'action'] as const) {
    const v = (nested as Record<string, unknown> | undefined)?.[k] ?? b[`mail[${k}]`] ?? ctx.query.get(`mail[${k}]`) ?? undefined;
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return cpError(400, 'invalid_parameter', `mail[${k}] must be a string`);
    out[k] = v;
  }
  return out;
}

function invite(ctx: Ctx, context: CpInvite['context']): Reply {
  let contextId: number | null = null;
  let contextName = 'Sandbox Academy';
  if (context === 'course') {
    const c = courseParam(ctx);
    if (isReply(c)) return c;
    contextId = c.id;
    contextName = c.name;
  } else if (context === 'program') {
    const p = programParam(ctx);
    if (isReply(p)) return p;
    contextId = p.id;
    contextName = p.name;
  }
  const m = memberParam(ctx);
  if (isReply(m)) return m;
  const mail = mailOverrides(ctx);
  if (isReply(mail)) return mail;
  const s = ctx.state.coursepath;
  const sent = iso(ctx.now);
  const record: CpInvite = {
    id: s.nextInviteId++,
    memberId: m.id,
    context,
    contextId,
    to: m.email,
    subject: mail.subject ?? `You're invited to ${contextName}`,
    body: mail.body ?? `Hi ${m.firstname}, you have been invited to join ${contextName}. Activate your account to start learning.`,
    action: mail.action ?? 'Activate my account',
    sent,
  };
  s.outbox.push(record);
  m.invited = sent;
  return json(200, record);
}

export const coursepathInviteRoutes: Route[] = [
  { method: 'POST', path: '/members/:memberId/invite', handler: (ctx) => invite(ctx, 'academy'), admin: true },
  { method: 'POST', path: '/courses/:courseId/members/:memberId/invite', handler: (ctx) => invite(ctx, 'course'), admin: true },
  { method: 'POST', path: '/programs/:programId/members/:memberId/invite', handler: (ctx) => invite(ctx, 'program'), admin: true },
];
