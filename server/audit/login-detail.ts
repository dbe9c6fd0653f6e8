import { createHash } from 'node:crypto';
import type { ServerContext } from '../context.ts';

/**
 * What a failed login records about who was tried: the account id when the email belongs to one,
 * otherwise a short hash of the email (enough to see repeated attempts at one address, without
 * storing addresses people mistyped). Only administrators see the instance log.
 */
export function failedLoginDetail(ctx: Pick<ServerContext, 'users'>, email: string): { account: string | null; emailHash: string | null } {
  const user = ctx.users.findByEmail(email);
  if (user) return { account: user.id, emailHash: null };
  return { account: null, emailHash: createHash('sha256').update(`login:${email}`).digest('hex').slice(0, 16) };
}
