import { Hono, type MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import {
  ChangePasswordRequestSchema,
  PasswordConfirmRequestSchema,
  TotpConfirmRequestSchema,
  UpdateProfileRequestSchema,
  type Account,
} from '../../../shared/api/index.ts';
import { CloseCode } from '../../../shared/protocol/close-codes.ts';
import { verifyPassword } from '../../auth/passwords.ts';
import { requireGoodPassword } from '../../auth/password-policy.ts';
import { hashToken } from '../../auth/tokens.ts';
import type { ServerContext } from '../../context.ts';
import { badRequest, conflict, unauthenticated } from '../../errors.ts';
import { clientAddress } from '../authenticate.ts';
import { sessionCookieName } from '../session-cookie.ts';
import type { AppEnv } from '../types.ts';
import { parseBody } from '../validate.ts';
import { toMe } from './auth.ts';

/**
 * Like requireUser, but also accepts a session that is good only for setting up two-step login
 * (the instance requires it and this account has not done it yet).
 */
export function requireAccountUser(ctx: ServerContext): MiddlewareHandler<AppEnv> {
  const cookie = sessionCookieName(ctx.config);
  return async (c, next) => {
    const token = getCookie(c, cookie);
    const user = ctx.auth.authenticate(token, { forEnrolment: true });
    if (!user || !token) throw unauthenticated();
    c.set('user', user);
    c.set('sessionToken', token);
    await next();
  };
}

/**
 * The caller's own account under /api/account: password, two-step login. These routes also accept
 * a session that is good only for setting up two-step login (when the instance requires it).
 */
export function accountRoutes(ctx: ServerContext) {
  const app = new Hono<AppEnv>();
  const wrongPassword = () => badRequest('Your current password is not correct.', [{ path: 'password', message: 'is not correct' }]);

  app.use('*', requireAccountUser(ctx));

  app.get('/', (c) => {
    const user = c.get('user');
    const body: Account = { me: toMe(user), totp: ctx.auth.secondFactor.status(user.id), totpRequired: ctx.auth.requiresTotp() };
    return c.json(body);
  });

  app.patch('/', async (c) => {
    const user = c.get('user');
    const body = await parseBody(c, UpdateProfileRequestSchema);
    ctx.users.setProfile(user.id, body.name, body.organisation);
    ctx.audit.record({ actorId: user.id, action: 'profile.changed', detail: { name: body.name, organisation: body.organisation }, address: clientAddress(c) });
    return c.json(toMe({ ...user, name: body.name, organisation: body.organisation }));
  });

  app.post('/password', async (c) => {
    const user = c.get('user');
    const body = await parseBody(c, ChangePasswordRequestSchema);
    if (!(await verifyPassword(body.currentPassword, user.passwordHash))) {
      throw badRequest('Your current password is not correct.', [{ path: 'currentPassword', message: 'is not correct' }]);
    }
    requireGoodPassword(body.newPassword, user, 'newPassword');
    ctx.accounts.setPasswordHash(user.id, await ctx.auth.hashPassword(body.newPassword));
    // Whoever knew the old password may hold a session: end every other one, keep this one.
    const current = hashToken(c.get('sessionToken') ?? '');
    for (const s of ctx.accounts.sessionsOf(user.id)) {
      if (s.tokenHash === current) continue;
      ctx.accounts.removeSessionOf(user.id, s.tokenHash);
      ctx.registry.closeSession(s.tokenHash, CloseCode.Unauthenticated, 'password changed');
    }
    ctx.audit.record({ actorId: user.id, action: 'password.changed', address: clientAddress(c) });
    return c.json({ ok: true as const });
  });

  app.post('/totp/setup', (c) => {
    const user = c.get('user');
    const setup = ctx.auth.secondFactor.begin(user.id, user.email);
    if (!setup) throw conflict('Two-step login is already on. Turn it off first to use a new authenticator.');
    return c.json(setup);
  });

  app.post('/totp/confirm', async (c) => {
    const user = c.get('user');
    const body = await parseBody(c, TotpConfirmRequestSchema);
    const recoveryCodes = ctx.auth.secondFactor.confirm(user.id, body.code);
    if (!recoveryCodes) {
      throw badRequest('That code does not match. Check that the time on your phone is right, and type the code your app shows now.', [
        { path: 'code', message: 'does not match' },
      ]);
    }
    ctx.audit.record({ actorId: user.id, action: 'totp.enabled', address: clientAddress(c) });
    return c.json({ recoveryCodes });
  });

  app.post('/totp/disable', async (c) => {
    const user = c.get('user');
    const body = await parseBody(c, PasswordConfirmRequestSchema);
    if (!(await verifyPassword(body.password, user.passwordHash))) throw wrongPassword();
    if (ctx.auth.requiresTotp()) throw conflict('Your administrator requires two-step login for every account, so it cannot be turned off.');
    ctx.auth.secondFactor.disable(user.id);
    ctx.audit.record({ actorId: user.id, action: 'totp.disabled', address: clientAddress(c) });
    return c.json({ ok: true as const });
  });

  app.post('/totp/recovery-codes', async (c) => {
    const user = c.get('user');
    const body = await parseBody(c, PasswordConfirmRequestSchema);
    if (!(await verifyPassword(body.password, user.passwordHash))) throw wrongPassword();
    const recoveryCodes = ctx.auth.secondFactor.regenerateRecoveryCodes(user.id);
    if (!recoveryCodes) throw conflict('Turn on two-step login first.');
    return c.json({ recoveryCodes });
  });

  return app;
}
