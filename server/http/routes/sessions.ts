import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type { SessionInfo } from '../../../shared/api/index.ts';
import { CloseCode } from '../../../shared/protocol/close-codes.ts';
import { describeDevice } from '../../auth/device.ts';
import { hashToken } from '../../auth/tokens.ts';
import type { ServerContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import type { AccountSessionRow } from '../../storage/accounts-repo.ts';
import { clientAddress } from '../authenticate.ts';
import type { AppEnv } from '../types.ts';
import { requireAccountUser } from './account.ts';

/**
 * The public id of a session: derived from the stored token hash, so the list reveals neither the
 * cookie nor the hash that sockets are indexed by.
 */
const publicId = (tokenHash: string) => createHash('sha256').update(`session:${tokenHash}`).digest('base64url').slice(0, 22);

/** A member's own sessions under /api/account/sessions: list them, end one, end all others. */
export function sessionRoutes(ctx: ServerContext) {
  const app = new Hono<AppEnv>();

  app.use('*', requireAccountUser(ctx));

  const currentHash = (c: { get: (k: 'sessionToken') => string | undefined }) => hashToken(c.get('sessionToken') ?? '');
  const expiry = (s: AccountSessionRow) => Math.min(s.lastSeenAt + ctx.config.sessionIdleMs, s.createdAt + ctx.config.sessionAbsoluteMs);
  const toInfo = (s: AccountSessionRow, current: string): SessionInfo => ({
    id: publicId(s.tokenHash),
    device: describeDevice(s.userAgent),
    address: s.address,
    createdAt: new Date(s.createdAt).toISOString(),
    lastSeenAt: new Date(s.lastSeenAt).toISOString(),
    expiresAt: new Date(expiry(s)).toISOString(),
    current: s.tokenHash === current,
  });
  const live = (userId: Parameters<typeof ctx.accounts.sessionsOf>[0]) => {
    const now = Date.now();
    return ctx.accounts.sessionsOf(userId).filter((s) => expiry(s) > now);
  };
  /** Ends one session: its row, then every socket opened with it. */
  const end = (userId: Parameters<typeof ctx.accounts.sessionsOf>[0], tokenHash: string) => {
    ctx.accounts.removeSessionOf(userId, tokenHash);
    ctx.registry.closeSession(tokenHash, CloseCode.Unauthenticated, 'session ended');
  };

  app.get('/', (c) => {
    const current = currentHash(c);
    return c.json({ sessions: live(c.get('user').id).map((s) => toInfo(s, current)) });
  });

  app.delete('/:id', (c) => {
    const user = c.get('user');
    const target = live(user.id).find((s) => publicId(s.tokenHash) === c.req.param('id'));
    if (!target) throw notFound('Session');
    end(user.id, target.tokenHash);
    ctx.audit.record({ actorId: user.id, action: 'session.revoked', detail: { current: target.tokenHash === currentHash(c) }, address: clientAddress(c) });
    return c.json({ ok: true as const });
  });

  /** "Log out everywhere else". */
  app.delete('/', (c) => {
    const user = c.get('user');
    const current = currentHash(c);
    const others = live(user.id).filter((s) => s.tokenHash !== current);
    for (const s of others) end(user.id, s.tokenHash);
    ctx.audit.record({ actorId: user.id, action: 'session.revoked', detail: { count: others.length }, address: clientAddress(c) });
    return c.json({ ok: true as const });
  });

  return app;
}
