import { randomBytes } from 'node:crypto';
import type { Role } from '../../shared/roles.ts';
import type { TestServer } from './test-server.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or the text when the answer is not JSON. */
  body: unknown;
}

export interface RequestOptions {
  /** The Origin header: the server's own by default; `null` sends none. */
  origin?: string | null;
  /** Sent as-is instead of `JSON.stringify(body)` (for malformed bodies). */
  rawBody?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/**
 * One JSON request to the API. The Origin header is the server's own unless told otherwise:
 * the server refuses cookie-authenticated writes from anywhere else.
 */
export async function api(
  server: Pick<TestServer, 'url' | 'origin'>,
  cookie: string | undefined,
  method: Method,
  path: string,
  body?: unknown,
  opts: RequestOptions = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  const origin = opts.origin === undefined ? server.origin : opts.origin;
  if (origin !== null) headers.origin = origin;
  if (cookie !== undefined) headers.cookie = cookie;
  let payload: string | undefined;
  if (opts.rawBody !== undefined) payload = opts.rawBody;
  else if (body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
  const res = await fetch(`${server.url}${path}`, { method, headers, body: payload, redirect: 'manual' });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('application/json')) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Reads a string field from an unknown JSON body, failing loudly if it is not there. */
export function field(body: unknown, key: string): string {
  if (typeof body === 'object' && body !== null && key in body) {
    const value: unknown = (body as Record<string, unknown>)[key];
    if (typeof value === 'string') return value;
  }
  throw new Error(`expected a string "${key}" in ${JSON.stringify(body)}`);
}

/** The session cookie (`name=value`) from a login response. */
export function sessionCookieFrom(headers: Headers): string | undefined {
  for (const line of headers.getSetCookie()) {
    const first = line.split(';')[0] ?? '';
    if (/^(__Host-)?plenary_session=./.test(first)) return first;
  }
  return undefined;
}

/** Logs in and returns the session cookie as a `Cookie` header value. */
export async function login(server: Pick<TestServer, 'url' | 'origin'>, email: string, password: string): Promise<string> {
  const res = await api(server, undefined, 'POST', '/api/auth/login', { email, password });
  const cookie = sessionCookieFrom(res.headers);
  if (res.status !== 200 || !cookie) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return cookie;
}

export async function loginAdmin(server: TestServer): Promise<string> {
  return login(server, server.admin.email, server.admin.password);
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  name: string;
  cookie: string;
}

let userCounter = 0;

/** Creates an account through the admin API and logs it in. */
export async function buildUser(
  server: TestServer,
  adminCookie: string,
  overrides: Partial<{ name: string; email: string; password: string; organisation: string; isAdmin: boolean }> = {},
): Promise<TestUser> {
  userCounter++;
  const suffix = `${userCounter}-${randomBytes(4).toString('hex')}`;
  const account = {
    name: overrides.name ?? `Test User ${suffix}`,
    email: overrides.email ?? `user-${suffix}@plenary.test`,
    password: overrides.password ?? `pw-${suffix}-long-enough`,
    organisation: overrides.organisation ?? 'Test Org',
    isAdmin: overrides.isAdmin ?? false,
  };
  const res = await api(server, adminCookie, 'POST', '/api/users', account);
  if (res.status !== 201) throw new Error(`could not create ${account.email}: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = await login(server, account.email, account.password);
  return { id: field(res.body, 'id'), email: account.email, password: account.password, name: account.name, cookie };
}

/** Creates a draft as the cookie's user (who becomes its coordinator); returns its id. */
export async function buildDraft(server: TestServer, cookie: string, title = 'Test draft'): Promise<string> {
  const res = await api(server, cookie, 'POST', '/api/drafts', { title });
  if (res.status !== 201) throw new Error(`could not create draft: ${res.status} ${JSON.stringify(res.body)}`);
  return field(res.body, 'id');
}

/** Adds a member or changes their role, as a coordinator. */
export async function addMember(server: TestServer, coordinatorCookie: string, draftId: string, email: string, role: Role): Promise<ApiResponse> {
  const res = await api(server, coordinatorCookie, 'PUT', `/api/drafts/${draftId}/members`, { email, role });
  if (res.status !== 200 && res.status !== 201) throw new Error(`could not set ${email} as ${role}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}
