import { Hono, type Context } from 'hono';
import { setCookie } from 'hono/cookie';
import {
  AcceptInviteRequestSchema,
  CreateInviteRequestSchema,
  InviteTokenRequestSchema,
  type InviteSummary,
} from '../../../shared/api/index.ts';
import { requireGoodPassword } from '../../auth/password-policy.ts';
import { hashToken, newId, newToken } from '../../auth/tokens.ts';
import type { ServerContext } from '../../context.ts';
import { conflict, forbidden, HttpError, notFound } from '../../errors.ts';
import type { InviteRow } from '../../storage/invites-repo.ts';
import { clientAddress, requireUser } from '../authenticate.ts';
import { sessionCookieName, sessionCookieOptions } from '../session-cookie.ts';
import type { AppEnv } from '../types.ts';
import { parseBody } from '../validate.ts';
import { toMe } from './auth.ts';

const statusOf = (i: InviteRow, now: number): InviteSummary['status'] =>
  i.usedAt !== null ? 'used' : i.revokedAt !== null ? 'revoked' : i.expiresAt <= now ? 'expired' : 'pending';

const toSummary = (i: InviteRow, now: number): InviteSummary => ({
  id: i.id,
  email: i.email,
  organisation: i.organisation,
  isAdmin: i.isAdmin,
  createdAt: new Date(i.createdAt).toISOString(),
  expiresAt: new Date(i.expiresAt).toISOString(),
  status: statusOf(i, now),
});

/** One answer for every unusable link, so a link reveals nothing about why. */
const unusable = () =>
  new HttpError(404, 'not_found', 'This invitation link does not work any more: it may have expired, been used or been revoked. Ask your administrator for a new one.');

/**
 * Invitations under /api/invites. Administrators create (bound to an email and an organisation,
 * expiring), list and revoke them; the invited person looks one up and accepts it once, choosing
 * their name and password. The link carries the token in its #fragment so it never reaches logs.
 */
export function inviteRoutes(ctx: ServerContext) {
  const app = new Hono<AppEnv>();
  const cookie = sessionCookieName(ctx.config);
  const admin = requireUser(ctx);
  const adminOnly = async (c: Context<AppEnv>, next: () => Promise<void>) => {
    if (!c.get('user').isAdmin) throw forbidden('Only an administrator can manage invitations.');
    await next();
  };
  const usable = (token: string): InviteRow => {
    const invite = ctx.invites.findByTokenHash(hashToken(token));
    if (!invite || statusOf(invite, Date.now()) !== 'pending') throw unusable();
    return invite;
  };

  app.get('/', admin, adminOnly, (c) => {
    const now = Date.now();
    return c.json({ invites: ctx.invites.recent(200).map((i) => toSummary(i, now)) });
  });

  app.post('/', admin, adminOnly, async (c) => {
    const body = await parseBody(c, CreateInviteRequestSchema);
    if (ctx.users.findByEmail(body.email)) throw conflict('An account with this email already exists.');
    const token = newToken();
    const now = Date.now();
    const invite = {
      id: newId(),
      tokenHash: hashToken(token),
      email: body.email,
      organisation: body.organisation,
      isAdmin: body.isAdmin,
      createdBy: c.get('user').id,
      createdAt: now,
      expiresAt: now + body.expiresInHours * 3600 * 1000,
    };
    ctx.invites.insert(invite);
    // The origin the administrator is using (checked against our allowlist by the CSRF guard).
    const base = ctx.config.publicUrl ?? c.req.header('origin') ?? '';
    ctx.audit.record({
      actorId: c.get('user').id,
      action: 'invite.created',
      detail: { inviteId: invite.id, email: body.email, organisation: body.organisation, isAdmin: body.isAdmin, expiresInHours: body.expiresInHours },
      address: clientAddress(c),
    });
    return c.json({ ...toSummary({ ...invite, usedAt: null, usedBy: null, revokedAt: null }, now), url: `${base}/invite#${token}` }, 201);
  });

  app.delete('/:id', admin, adminOnly, (c) => {
    const invite = ctx.invites.findById(c.req.param('id'));
    if (!invite) throw notFound('Invitation');
    if (!ctx.invites.revoke(invite.id, Date.now())) throw conflict('This invitation was already used or revoked.');
    ctx.audit.record({ actorId: c.get('user').id, action: 'invite.revoked', detail: { inviteId: invite.id, email: invite.email }, address: clientAddress(c) });
    return c.json({ ok: true as const });
  });

  app.post('/lookup', async (c) => {
    const { token } = await parseBody(c, InviteTokenRequestSchema);
    const invite = usable(token);
    return c.json({ email: invite.email, organisation: invite.organisation, expiresAt: new Date(invite.expiresAt).toISOString() });
  });

  app.post('/accept', async (c) => {
    const body = await parseBody(c, AcceptInviteRequestSchema);
    const invite = usable(body.token);
    requireGoodPassword(body.password, { email: invite.email, name: body.name });
    const row = await ctx.auth.prepareAccount({ name: body.name, email: invite.email, organisation: invite.organisation, password: body.password, isAdmin: invite.isAdmin });
    const outcome = ctx.invites.accept(invite.id, row.id, Date.now(), () => ctx.users.insert(row));
    if (outcome === 'gone') throw unusable();
    if (outcome === 'email-taken') throw conflict('An account with this email already exists. Log in instead.');
    const user = { ...row, disabledAt: null };
    const address = clientAddress(c);
    ctx.audit.record({ actorId: user.id, action: 'invite.accepted', detail: { inviteId: invite.id, invitedBy: invite.createdBy }, address });
    setCookie(c, cookie, ctx.auth.openSession(user, { userAgent: c.req.header('user-agent') ?? '', address }), sessionCookieOptions(ctx.config));
    return c.json(toMe(user), 201);
  });

  return app;
}
