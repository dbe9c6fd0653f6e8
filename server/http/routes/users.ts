import { Hono } from 'hono';
import { CreateUserRequestSchema } from '../../../shared/api/index.ts';
import type { ServerContext } from '../../context.ts';
import { conflict, forbidden } from '../../errors.ts';
import { clientAddress, requireUser } from '../authenticate.ts';
import { requireGoodPassword } from '../../auth/password-policy.ts';
import type { AppEnv } from '../types.ts';
import { parseBody } from '../validate.ts';

/** Accounts, for administrators: GET /api/users, POST /api/users. */
export function userRoutes(ctx: ServerContext) {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser(ctx));
  app.use('*', async (c, next) => {
    if (!c.get('user').isAdmin) throw forbidden('Only an administrator can manage accounts.');
    await next();
  });

  app.get('/', (c) =>
    c.json({
      users: ctx.users.list().map((u) => ({ id: u.id, name: u.name, email: u.email, organisation: u.organisation, isAdmin: u.isAdmin })),
    }),
  );

  app.post('/', async (c) => {
    const body = await parseBody(c, CreateUserRequestSchema);
    requireGoodPassword(body.password, body);
    const user = await ctx.auth.createAccount(body);
    if (!user) throw conflict('An account with this email already exists.');
    ctx.logger.info('account created', { userId: user.id, by: c.get('user').id });
    ctx.audit.record({ actorId: c.get('user').id, action: 'account.created', detail: { userId: user.id, email: user.email, isAdmin: user.isAdmin }, address: clientAddress(c) });
    return c.json({ id: user.id, name: user.name, email: user.email, organisation: user.organisation, isAdmin: user.isAdmin }, 201);
  });
  return app;
}
