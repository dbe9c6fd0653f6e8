import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { LoginRequestSchema, SetupRequestSchema, type Me } from '../../../shared/api/index.ts';
import type { ServerContext } from '../../context.ts';
import { conflict, forbidden, HttpError, rateLimited } from '../../errors.ts';
import { clientAddress, requireUser } from '../authenticate.ts';
import { WindowLimiter } from '../rate-limit.ts';
import { sessionCookieName, sessionCookieOptions } from '../session-cookie.ts';
import type { AppEnv } from '../types.ts';
import { hashToken } from '../../auth/tokens.ts';
import { CloseCode } from '../../../shared/protocol/close-codes.ts';
import { parseBody } from '../validate.ts';
import type { UserRow } from '../../storage/users-repo.ts';

export function toMe(u: UserRow): Me {
  return { id: u.id, name: u.name, email: u.email, organisation: u.organisation, isAdmin: u.isAdmin, color: u.color };
}

/** POST /api/auth/login, POST /api/auth/logout, GET /api/me, GET+POST /api/setup. */
export function authRoutes(ctx: ServerContext) {
  const app = new Hono<AppEnv>();
  const cookie = sessionCookieName(ctx.config);
  const WINDOW = 15 * 60 * 1000;
  const perAddress = new WindowLimiter(ctx.config.loginAttemptsPer15Min * 5, WINDOW);
  const perAccount = new WindowLimiter(ctx.config.loginAttemptsPer15Min, WINDOW);

  app.post('/auth/login', async (c) => {
    const body = await parseBody(c, LoginRequestSchema);
    const address = clientAddress(c);
    if (perAccount.blocked(body.email) || !perAddress.hit(address)) {
      ctx.logger.warn('login rate-limited', { address });
      throw rateLimited('Too many login attempts. Wait 15 minutes and try again.');
    }
    const result = await ctx.auth.login(body.email, body.password, { userAgent: c.req.header('user-agent') ?? '', address });
    if (!result) {
      perAccount.hit(body.email);
      ctx.logger.info('login failed', { address });
      // Generic on purpose: never says whether the email exists.
      throw new HttpError(401, 'unauthenticated', 'The email or password is not correct.');
    }
    perAccount.reset(body.email);
    setCookie(c, cookie, result.token, sessionCookieOptions(ctx.config));
    ctx.logger.info('login', { userId: result.user.id, address });
    return c.json(toMe(result.user));
  });

  app.post('/auth/logout', (c) => {
    const token = getCookie(c, cookie);
    ctx.auth.logout(token);
    // Sockets opened with this session end too: logging out must not leave a draft open.
    if (token) ctx.registry.closeSession(hashToken(token), CloseCode.Unauthenticated, 'logged out');
    deleteCookie(c, cookie, { path: '/', secure: ctx.config.secureCookies });
    return c.json({ ok: true as const });
  });

  app.get('/me', requireUser(ctx), (c) => c.json(toMe(c.get('user'))));

  app.get('/setup', (c) => c.json({ needsSetup: ctx.auth.needsSetup() }));

  app.post('/setup', async (c) => {
    const body = await parseBody(c, SetupRequestSchema);
    if (!ctx.auth.needsSetup()) throw conflict('This instance is already set up. Log in instead.');
    const user = await ctx.auth.completeSetup(body.token, body);
    if (!user) throw forbidden('This setup link is not valid any more. Restart the server to print a new one.');
    const login = await ctx.auth.login(body.email, body.password, { userAgent: c.req.header('user-agent') ?? '', address: clientAddress(c) });
    if (login) setCookie(c, cookie, login.token, sessionCookieOptions(ctx.config));
    ctx.logger.info('instance set up', { userId: user.id });
    return c.json(toMe(user), 201);
  });

  return app;
}
