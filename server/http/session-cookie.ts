import type { Config } from '../config.ts';

/**
 * The session cookie. Behind HTTPS it is `__Host-` prefixed and Secure (bound to our host, not
 * settable by a sibling domain); on plain http://localhost it cannot be, so it drops the prefix.
 * Always HttpOnly and SameSite=Lax; writes are additionally protected by the Origin check.
 */
export function sessionCookieName(config: Config): string {
  return config.secureCookies ? '__Host-plenary_session' : 'plenary_session';
}

export function sessionCookieOptions(config: Config) {
  return {
    httpOnly: true,
    secure: config.secureCookies,
    sameSite: 'Lax' as const,
    path: '/',
    maxAge: Math.floor(config.sessionAbsoluteMs / 1000),
  };
}

/** Reads one cookie from a raw Cookie header (the websocket upgrade has no Hono context). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
