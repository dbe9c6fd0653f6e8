import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { LoginWithCodeRequestSchema, SetupRequestSchema, type Me } from '../../../shared/api/index.ts';
import { requireGoodPassword } from '../../auth/password-policy.ts';
import { failedLoginDetail } from '../../audit/login-detail.ts';
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
    const body = await parseBody(c, LoginWithCodeRequestSchema);
    const address = clientAddress(c);
    if (perAccount.blocked(body.email) || !perAddress.hit(address)) {
      ctx.logger.warn('login rate-limited', { address });
      ctx.audit.record({ action: 'login.failed', detail: { ...failedLoginDetail(ctx, body.email), reason: 'rate-limited' }, address });
      throw rateLimited('Too many login attempts. Wait 15 minutes and try again.');
    }
    const user = await ctx.auth.verifyCredentials(body.email, body.password);
    if (!user) {
      perAccount.hit(body.email);
      ctx.logger.info('login failed', { address });
      ctx.audit.record({ action: 'login.failed', detail: { ...failedLoginDetail(ctx, body.email), reason: 'credentials' }, address });
      // Generic on purpose: never says whether the email exists.
      throw new HttpError(401, 'unauthenticated', 'The email or password is not correct.');
    }
    // Second step (only after the password was right, so it reveals nothing about the email).
    let secondFactor: string = 'none';
    if (ctx.auth.secondFactor.isEnabled(user.id)) {
      if (!body.code) throw new HttpError(401, 'second_factor_required', 'Enter the 6-digit code from your authenticator app, or one of your recovery codes.');
      const used = ctx.auth.secondFactor.verify(user.id, body.code);
      if (!used) {
        perAccount.hit(body.email);
        ctx.audit.record({ actorId: user.id, action: 'login.failed', detail: { account: user.id, reason: 'second factor' }, address });
        throw new HttpError(401, 'second_factor_required', 'That code is not correct or was already used. Type the code your app shows now.');
      }
      secondFactor = used;
    }
    perAccount.reset(body.email);
    setCookie(c, cookie, ctx.auth.openSession(user, { userAgent: c.req.header('user-agent') ?? '', address }), sessionCookieOptions(ctx.config));
    ctx.logger.info('login', { userId: user.id, address });
    ctx.audit.record({ actorId: user.id, action: 'login', detail: { secondFactor }, address });
    if (ctx.auth.mustEnrolTotp(user)) {
      // Logged in, but the session is good only for setting up two-step login (see auth-service).
      return c.json({ error: 'second_factor_setup_required' as const, message: 'Your administrator requires two-step login for every account. Set it up now to continue.' }, 403);
    }
    return c.json(toMe(user));
  });

  app.post('/auth/logout', (c) => {
    const token = getCookie(c, cookie);
    const user = ctx.auth.authenticate(token, { forEnrolment: true });
    if (user) ctx.audit.record({ actorId: user.id, action: 'logout', address: clientAddress(c) });
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
    requireGoodPassword(body.password, body);
    const user = await ctx.auth.completeSetup(body.token, body);
    if (!user) throw forbidden('This setup link is not valid any more. Restart the server to print a new one.');
    const login = await ctx.auth.login(body.email, body.password, { userAgent: c.req.header('user-agent') ?? '', address: clientAddress(c) });
    if (login) setCookie(c, cookie, login.token, sessionCookieOptions(ctx.config));
    ctx.logger.info('instance set up', { userId: user.id });
    return c.json(toMe(user), 201);
  });

  return app;
}
