import { Hono, type Context } from 'hono';
import { AdminResetPasswordRequestSchema, InstanceSettingsSchema, type AdminUser } from '../../../shared/api/index.ts';
import { UserIdSchema } from '../../../shared/ids.ts';
import { CloseCode } from '../../../shared/protocol/close-codes.ts';
import { requireGoodPassword } from '../../auth/password-policy.ts';
import type { ServerContext } from '../../context.ts';
import { conflict, forbidden, notFound } from '../../errors.ts';
import type { UserRow } from '../../storage/users-repo.ts';
import { clientAddress, requireUser } from '../authenticate.ts';
import type { AppEnv } from '../types.ts';
import { parseBody } from '../validate.ts';
import { auditPage } from './audit.ts';

/**
 * Instance administration under /api/admin: accounts (reset a password, disable, enable, clear a
 * lost second factor), instance settings, and the instance audit log.
 */
export function adminRoutes(ctx: ServerContext) {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser(ctx));
  app.use('*', async (c, next) => {
    if (!c.get('user').isAdmin) throw forbidden('Only an administrator can do this.');
    await next();
  });

  const target = (c: Context<AppEnv>): UserRow => {
    const parsed = UserIdSchema.safeParse(c.req.param('id'));
    const user = parsed.success ? ctx.users.findById(parsed.data) : undefined;
    if (!user) throw notFound('Account');
    return user;
  };
  /** Ends every session and open socket of an account, at once. */
  const endEverything = (user: UserRow, reason: string) => {
    ctx.accounts.removeSessionsOf(user.id);
    ctx.registry.closeUser(user.id, CloseCode.Unauthenticated, reason);
  };
  const audit = (c: Context<AppEnv>, action: string, user: UserRow) =>
    ctx.audit.record({ actorId: c.get('user').id, action, detail: { userId: user.id, email: user.email }, address: clientAddress(c) });

  app.get('/users', (c) => {
    const withTotp = ctx.accounts.usersWithTotp();
    const users: AdminUser[] = ctx.users.list().map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      organisation: u.organisation,
      isAdmin: u.isAdmin,
      disabled: u.disabledAt !== null,
      totpEnabled: withTotp.has(u.id),
      createdAt: u.createdAt,
    }));
    return c.json({ users });
  });

  /**
   * An administrator's own password and second factor change on their account page, which asks
   * for the current password: here they would skip it (a borrowed session could take the account
   * over) and, ending every session, log the administrator out mid-page.
   */
  const notSelf = (c: Context<AppEnv>, user: UserRow, what: string) => {
    if (user.id === c.get('user').id) throw conflict(`To change your own ${what}, use your account page: it asks for your current password.`);
  };

  app.post('/users/:id/password', async (c) => {
    const user = target(c);
    notSelf(c, user, 'password');
    const body = await parseBody(c, AdminResetPasswordRequestSchema);
    requireGoodPassword(body.password, user);
    ctx.accounts.setPasswordHash(user.id, await ctx.auth.hashPassword(body.password));
    endEverything(user, 'password reset');
    audit(c, 'password.reset', user);
    return c.json({ ok: true as const });
  });

  app.post('/users/:id/disable', (c) => {
    const user = target(c);
    if (user.id === c.get('user').id) throw conflict('You cannot disable your own account. Ask another administrator.');
    ctx.accounts.setDisabledAt(user.id, new Date().toISOString());
    endEverything(user, 'account disabled');
    audit(c, 'account.disabled', user);
    return c.json({ ok: true as const });
  });

  app.post('/users/:id/enable', (c) => {
    const user = target(c);
    ctx.accounts.setDisabledAt(user.id, null);
    audit(c, 'account.enabled', user);
    return c.json({ ok: true as const });
  });

  /** For someone who lost their phone and their recovery codes: they set it up again at next login if required. */
  app.post('/users/:id/totp/reset', (c) => {
    const user = target(c);
    notSelf(c, user, 'two-step login');
    ctx.auth.secondFactor.disable(user.id);
    endEverything(user, 'two-step login reset');
    audit(c, 'totp.disabled', user);
    return c.json({ ok: true as const });
  });

  app.get('/settings', (c) => c.json({ requireTotp: ctx.auth.requiresTotp() }));

  app.put('/settings', async (c) => {
    const body = await parseBody(c, InstanceSettingsSchema);
    const me = c.get('user');
    if (body.requireTotp && !ctx.auth.secondFactor.isEnabled(me.id)) {
      throw conflict('Turn on two-step login for your own account first (Account page), so you are not locked out.');
    }
    ctx.auth.setRequireTotp(body.requireTotp);
    // From now on their sessions are good only for setting it up (auth-service.authenticate); the
    // sockets they already hold must not keep working either.
    if (body.requireTotp) {
      for (const userId of ctx.registry.connectedUsers()) {
        if (!ctx.auth.secondFactor.isEnabled(userId)) ctx.registry.closeUser(userId, CloseCode.TwoStepRequired, 'two-step login is now required');
      }
    }
    ctx.audit.record({ actorId: me.id, action: 'settings.changed', detail: { requireTotp: body.requireTotp }, address: clientAddress(c) });
    return c.json({ requireTotp: ctx.auth.requiresTotp() });
  });

  app.get('/audit', (c) => auditPage(c, (before, limit) => ctx.audit.forInstance(before, limit), true, 'plenary-audit-log.csv'));

  app.get('/audit/verify', (c) => c.json(ctx.audit.verify()));

  return app;
}
