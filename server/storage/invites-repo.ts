import type { Db } from './db.ts';
import type { UserId } from '../../shared/ids.ts';

export interface InviteRow {
  id: string;
  email: string;
  organisation: string;
  isAdmin: boolean;
  createdBy: UserId;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  usedBy: UserId | null;
  revokedAt: number | null;
}

interface RawInvite {
  id: string;
  email: string;
  organisation: string;
  is_admin: number;
  created_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by: string | null;
  revoked_at: number | null;
}

const toInvite = (r: RawInvite): InviteRow => ({
  id: r.id,
  email: r.email,
  organisation: r.organisation,
  isAdmin: r.is_admin === 1,
  createdBy: r.created_by as UserId,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  usedBy: r.used_by as UserId | null,
  revokedAt: r.revoked_at,
});

/** Invitations, looked up by the SHA-256 of their token. */
export function createInvitesRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO invites (id, token_hash, email, organisation, is_admin, created_by, created_at, expires_at)
     VALUES (@id, @tokenHash, @email, @organisation, @isAdmin, @createdBy, @createdAt, @expiresAt)`,
  );
  const byToken = db.prepare<[string], RawInvite>('SELECT * FROM invites WHERE token_hash = ?');
  const byId = db.prepare<[string], RawInvite>('SELECT * FROM invites WHERE id = ?');
  const recent = db.prepare<[number], RawInvite>('SELECT * FROM invites ORDER BY created_at DESC LIMIT ?');
  const revoke = db.prepare('UPDATE invites SET revoked_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL');
  // The one-time guarantee: only one UPDATE can move a usable invite to used.
  const consume = db.prepare(
    'UPDATE invites SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?',
  );
  /** Thrown inside the transaction to roll the new account back when the invite was not usable. */
  const gone = new Error('invite no longer usable');
  const accept = db.transaction((inviteId: string, userId: UserId, now: number, insertUser: () => boolean): 'ok' | 'email-taken' => {
    if (!insertUser()) return 'email-taken';
    if (consume.run(now, userId, inviteId, now).changes !== 1) throw gone;
    return 'ok';
  });
  return {
    /**
     * Creates the invited account and spends the invite in one transaction: two people racing with
     * the same link get one account; an expired, revoked or used invite creates none.
     */
    accept(inviteId: string, userId: UserId, now: number, insertUser: () => boolean): 'ok' | 'email-taken' | 'gone' {
      try {
        return accept(inviteId, userId, now, insertUser);
      } catch (err) {
        if (err === gone) return 'gone';
        throw err;
      }
    },
    insert: (i: Omit<InviteRow, 'usedAt' | 'usedBy' | 'revokedAt'> & { tokenHash: string }) => insert.run({ ...i, isAdmin: i.isAdmin ? 1 : 0 }),
    findByTokenHash: (tokenHash: string): InviteRow | undefined => {
      const r = byToken.get(tokenHash);
      return r && toInvite(r);
    },
    findById: (id: string): InviteRow | undefined => {
      const r = byId.get(id);
      return r && toInvite(r);
    },
    recent: (limit: number): InviteRow[] => recent.all(limit).map(toInvite),
    revoke: (id: string, at: number) => revoke.run(at, id).changes === 1,
    consume: (id: string, userId: UserId, now: number) => consume.run(now, userId, id, now).changes === 1,
  };
}
export type InvitesRepo = ReturnType<typeof createInvitesRepo>;
