import type { Db } from './db.ts';
import type { UserId } from '../../shared/ids.ts';

export interface SessionRow {
  tokenHash: string;
  userId: UserId;
  createdAt: number;
  lastSeenAt: number;
}

/** Login sessions, stored by the SHA-256 of their token so a database leak yields no usable cookie. */
export function createSessionsRepo(db: Db) {
  const insert = db.prepare(
    'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, user_agent, address) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const get = db.prepare<[string], { token_hash: string; user_id: string; created_at: number; last_seen_at: number }>(
    'SELECT token_hash, user_id, created_at, last_seen_at FROM sessions WHERE token_hash = ?',
  );
  const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const removeExpired = db.prepare('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?');
  const insertSetup = db.prepare('INSERT INTO setup_tokens (token_hash, expires_at) VALUES (?, ?)');
  const getSetup = db.prepare<[string, number], { token_hash: string }>(
    'SELECT token_hash FROM setup_tokens WHERE token_hash = ? AND expires_at > ?',
  );
  const clearSetup = db.prepare('DELETE FROM setup_tokens');
  return {
    insert: (s: SessionRow & { userAgent: string; address: string }) =>
      insert.run(s.tokenHash, s.userId, s.createdAt, s.lastSeenAt, s.userAgent.slice(0, 300), s.address),
    find: (tokenHash: string): SessionRow | undefined => {
      const r = get.get(tokenHash);
      return r && { tokenHash: r.token_hash, userId: r.user_id as UserId, createdAt: r.created_at, lastSeenAt: r.last_seen_at };
    },
    touch: (tokenHash: string, at: number) => touch.run(at, tokenHash),
    remove: (tokenHash: string) => remove.run(tokenHash),
    removeExpired: (idleBefore: number, createdBefore: number) => removeExpired.run(idleBefore, createdBefore).changes,
    insertSetupToken: (tokenHash: string, expiresAt: number) => insertSetup.run(tokenHash, expiresAt),
    hasSetupToken: (tokenHash: string, now: number) => getSetup.get(tokenHash, now) !== undefined,
    clearSetupTokens: () => clearSetup.run(),
  };
}
export type SessionsRepo = ReturnType<typeof createSessionsRepo>;
