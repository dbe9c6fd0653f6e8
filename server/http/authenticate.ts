import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ServerContext } from '../context.ts';
import { unauthenticated } from '../errors.ts';
import { sessionCookieName } from './session-cookie.ts';
import type { AppEnv } from './types.ts';

/** Requires a valid session; sets `user` for the handlers after it. */
export function requireUser(ctx: ServerContext): MiddlewareHandler<AppEnv> {
  const cookie = sessionCookieName(ctx.config);
  return async (c, next) => {
    const token = getCookie(c, cookie);
    const user = ctx.auth.authenticate(token);
    if (!user) throw unauthenticated();
    c.set('user', user);
    c.set('sessionToken', token);
    await next();
  };
}

/** The address a request came from (for rate limits and the audit trail). */
export function clientAddress(c: { env: AppEnv['Bindings'] }): string {
  return c.env.incoming.socket.remoteAddress ?? 'unknown';
}
