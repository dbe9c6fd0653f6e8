import type { MiddlewareHandler } from 'hono';
import { forbidden } from '../errors.ts';
import type { AppEnv } from './types.ts';

/**
 * Headers on every response (security.md §9): a strict CSP with no inline script or style, no
 * framing, no sniffing, no referrer. `connect-src 'self'` covers same-origin ws(s):// in current
 * browsers.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(secure: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    // A route may set a stricter policy of its own (e.g. a sandboxed HTML export): keep it.
    if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if (secure) c.header('Strict-Transport-Security', 'max-age=31536000');
    if (c.req.path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
  };
}

/**
 * CSRF defence for cookie-authenticated writes: a state-changing request must come from one of
 * our origins (Origin header), and must not be marked cross-site by Fetch Metadata. Requests
 * without an Origin header are refused too: browsers always send it on POST/PUT/PATCH/DELETE.
 */
export function sameOriginWrites(origins: Set<string>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      if (!origin || !origins.has(origin) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
        throw forbidden('This request did not come from Plenary itself and was refused.');
      }
    }
    await next();
  };
}
