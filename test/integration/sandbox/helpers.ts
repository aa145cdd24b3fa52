// Helpers for the sandbox fidelity tests: signed calls against a running sandbox.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { signCoursepathJwt, type Sandbox } from '../../../src-main/sandbox/index';

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export interface CallOptions {
  auth?: string | null;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  raw?: string;
}

export async function call(sb: Sandbox, method: string, path: string, o: CallOptions = {}): Promise<Res> {
  const headers: Record<string, string> = { ...o.headers };
  let body: string | undefined;
  if (o.auth) headers.authorization = o.auth;
  if (o.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.json);
  } else if (o.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(o.form).toString();
  } else if (o.raw !== undefined) {
    body = o.raw;
  }
  const r = await fetch(sb.url + path, { method, headers, body });
  const text = await r.text();
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: r.status, headers: r.headers, text, json: parsed };
}

/** A fresh Coursepath JWT (new jti, iat now) as the docs' PHP sample builds it. */
export function cpToken(sb: Sandbox, claims: Record<string, unknown> = {}, alg = 'HS256', secret?: string): string {
  const base = { jti: randomUUID(), iat: Math.floor(Date.now() / 1000), email: sb.credentials.coursepath.email };
  return `Bearer ${signCoursepathJwt(secret ?? sb.credentials.coursepath.apiKey, { ...base, ...claims }, alg)}`;
}

export function caKey(sb: Sandbox): string {
  return `COASSEMBLE:${sb.credentials.coassemble.workspaceId}:${sb.credentials.coassemble.apiKey}`;
}

export function caLegacy(sb: Sandbox): string {
  const c = sb.credentials.coassemble;
  return `COASSEMBLE-V1-SHA256 UserId=${c.userId}, UserToken=${c.userToken}`;
}

/** Coursepath call with a fresh token. */
export function cp(sb: Sandbox, method: string, path: string, o: CallOptions = {}): Promise<Res> {
  return call(sb, method, `/api/v1${path}`, { auth: cpToken(sb), ...o });
}

/** Coassemble call with the workspace key. */
export function ca(sb: Sandbox, method: string, path: string, o: CallOptions = {}): Promise<Res> {
  return call(sb, method, `/api/v1/headless${path}`, { auth: caKey(sb), ...o });
}

export function obj(v: unknown): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error(`expected an object, got ${JSON.stringify(v)}`);
  return v as Record<string, unknown>;
}

export function arr(v: unknown): Record<string, unknown>[] {
  if (!Array.isArray(v)) throw new Error(`expected an array, got ${JSON.stringify(v)}`);
  return v as Record<string, unknown>[];
}

export interface RawResult {
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  body?: string;
  error?: string;
}

/** A node:http request (lets a test pick the local address, and see resets and timeouts as they are). */
export function rawRequest(
  url: string,
  o: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string; timeoutMs?: number } = {},
): Promise<RawResult> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: o.method ?? 'GET', headers: o.headers, localAddress: o.localAddress, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    if (o.timeoutMs) {
      req.setTimeout(o.timeoutMs, () => {
        req.destroy();
        resolve({ error: 'CLIENT_TIMEOUT' });
      });
    }
    req.end(o.body);
  });
}
