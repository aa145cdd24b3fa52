// A small segment router: `/user/:identifier` style patterns, matched against decoded path segments.
import type { Reply } from './http/reply';
import type { ResolvedOptions } from './options';
import type { CpMember, SandboxState } from './state/types';

export type Body = Record<string, unknown> | unknown[] | null;

export interface Ctx {
  state: SandboxState;
  opts: ResolvedOptions;
  baseUrl: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Body;
  /** How the body came: 'form' (urlencoded or multipart), 'json', or 'none' (no body). */
  bodyType: 'form' | 'json' | 'none';
  now: number;
  /** Coursepath: the member named by the JWT `email` (the user the call is made on behalf of). */
  actor: CpMember | null;
  /** Signs Coassemble embed URLs (never sent anywhere, never in the ledger). */
  embedSecret: string;
  /** What the ledger should remember about this call (e.g. the user identifier). */
  note: { identifier?: string };
}

export type Handler = (ctx: Ctx) => Reply;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  handler: Handler;
  /** Coassemble plan badge "Embed Automate and above": 403 on the 'core' plan. */
  automate?: boolean;
  /** Coursepath: only academy admins may call it (learners get 403). */
  admin?: boolean;
  /** The template id of the write this route does, so `dropWrites` can make it silently not stick. */
  write?: string;
}

interface Compiled {
  route: Route;
  parts: { literal: string | null; param: string | null }[];
}

export class Router {
  private readonly byMethod = new Map<string, Compiled[]>();

  constructor(routes: Route[]) {
    for (const route of routes) {
      const parts = route.path
        .split('/')
        .filter(Boolean)
        .map((p) => (p.startsWith(':') ? { literal: null, param: p.slice(1) } : { literal: p, param: null }));
      const list = this.byMethod.get(route.method) ?? [];
      list.push({ route, parts });
      this.byMethod.set(route.method, list);
    }
  }

  match(method: string, segments: string[]): { route: Route; params: Record<string, string> } | null {
    const list = this.byMethod.get(method);
    if (!list) return null;
    outer: for (const c of list) {
      if (c.parts.length !== segments.length) continue;
      const params: Record<string, string> = {};
      for (let i = 0; i < c.parts.length; i++) {
        const part = c.parts[i]!;
        const seg = segments[i]!;
        if (part.literal !== null) {
          if (part.literal !== seg) continue outer;
        } else if (part.param !== null) {
          params[part.param] = seg;
        }
      }
      return { route: c.route, params };
    }
    return null;
  }

  /** True if some other method would match (to answer 405 rather than 404). */
  pathExists(segments: string[]): boolean {
    for (const m of this.byMethod.keys()) if (this.match(m, segments)) return true;
    return false;
  }
}

export function bodyObject(ctx: Ctx): Record<string, unknown> {
  return ctx.body && !Array.isArray(ctx.body) ? ctx.body : {};
}

/** A body field, falling back to the query string (some clients send DELETE params there). */
export function field(ctx: Ctx, name: string): unknown {
  const b = bodyObject(ctx);
  if (b[name] !== undefined) return b[name];
  const q = ctx.query.get(name);
  return q === null ? undefined : q;
}

/** A field of a form body only (a JSON body or the query string is not read). */
export function formField(ctx: Ctx, name: string): unknown {
  return ctx.bodyType === 'form' ? bodyObject(ctx)[name] : undefined;
}
