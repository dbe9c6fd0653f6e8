import type { Db } from './db.ts';
import type { UserId } from '../../shared/ids.ts';

/** One of an account's login sessions, as the sessions table holds it. */
export interface AccountSessionRow {
  tokenHash: string;
  createdAt: number;
  lastSeenAt: number;
  userAgent: string;
  address: string;
}

export interface TotpRow {
  secret: string;
  enabledAt: number | null;
  lastStep: number;
}

/**
 * Account lifecycle state kept beside the core users and sessions tables: password and
 * disabled-state changes, a member's own sessions, the TOTP second factor and recovery codes,
 * and instance settings.
 */
export function createAccountsRepo(db: Db) {
  const setPassword = db.prepare('UPDATE users SET password_hash = ? WHERE id = ?');
  const setDisabled = db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?');
  const sessionsOf = db.prepare<[string], { token_hash: string; created_at: number; last_seen_at: number; user_agent: string; address: string }>(
    'SELECT token_hash, created_at, last_seen_at, user_agent, address FROM sessions WHERE user_id = ? ORDER BY last_seen_at DESC',
  );
  const removeSessionsOf = db.prepare('DELETE FROM sessions WHERE user_id = ?');
  const removeSessionOf = db.prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash = ?');

  const getTotp = db.prepare<[string], { secret: string; enabled_at: number | null; last_step: number }>(
    'SELECT secret, enabled_at, last_step FROM user_totp WHERE user_id = ?',
  );
  const putPendingTotp = db.prepare(
    `INSERT INTO user_totp (user_id, secret, enabled_at, last_step) VALUES (?, ?, NULL, 0)
     ON CONFLICT(user_id) DO UPDATE SET secret = excluded.secret, enabled_at = NULL, last_step = 0`,
  );
  const enableTotp = db.prepare('UPDATE user_totp SET enabled_at = ?, last_step = ? WHERE user_id = ? AND enabled_at IS NULL');
  // Only moves forward: a step at or before the last accepted one is a replay.
  const advanceStep = db.prepare('UPDATE user_totp SET last_step = ? WHERE user_id = ? AND last_step < ?');
  const removeTotp = db.prepare('DELETE FROM user_totp WHERE user_id = ?');
  const removeCodes = db.prepare('DELETE FROM recovery_codes WHERE user_id = ?');
  const insertCode = db.prepare('INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)');
  const useCode = db.prepare('UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL');
  const unusedCodes = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = ? AND used_at IS NULL');
  const enabledTotpUsers = db.prepare<[], { user_id: string }>('SELECT user_id FROM user_totp WHERE enabled_at IS NOT NULL');

  const getSetting = db.prepare<[string], { value: string }>('SELECT value FROM instance_settings WHERE key = ?');
  const putSetting = db.prepare(
    'INSERT INTO instance_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );

  const replaceCodes = db.transaction((userId: string, hashes: string[]) => {
    removeCodes.run(userId);
    for (const h of hashes) insertCode.run(userId, h);
  });
  const disableTotp = db.transaction((userId: string) => {
    removeTotp.run(userId);
    removeCodes.run(userId);
  });

  return {
    setPasswordHash: (userId: UserId, hash: string) => setPassword.run(hash, userId).changes === 1,
    setDisabledAt: (userId: UserId, at: string | null) => setDisabled.run(at, userId).changes === 1,

    sessionsOf: (userId: UserId): AccountSessionRow[] =>
      sessionsOf.all(userId).map((r) => ({ tokenHash: r.token_hash, createdAt: r.created_at, lastSeenAt: r.last_seen_at, userAgent: r.user_agent, address: r.address })),
    removeSessionsOf: (userId: UserId) => removeSessionsOf.run(userId).changes,
    /** Scoped to the user: one account can never end another's session through this. */
    removeSessionOf: (userId: UserId, tokenHash: string) => removeSessionOf.run(userId, tokenHash).changes === 1,

    totpOf: (userId: UserId): TotpRow | undefined => {
      const r = getTotp.get(userId);
      return r && { secret: r.secret, enabledAt: r.enabled_at, lastStep: r.last_step };
    },
    putPendingTotp: (userId: UserId, secret: string) => putPendingTotp.run(userId, secret),
    enableTotp: (userId: UserId, at: number, step: number) => enableTotp.run(at, step, userId).changes === 1,
    /** Records an accepted step; false when it was already used (a replayed code). */
    advanceTotpStep: (userId: UserId, step: number) => advanceStep.run(step, userId, step).changes === 1,
    disableTotp: (userId: UserId) => disableTotp(userId),
    usersWithTotp: (): Set<string> => new Set(enabledTotpUsers.all().map((r) => r.user_id)),

    replaceRecoveryCodes: (userId: UserId, hashes: string[]) => replaceCodes(userId, hashes),
    /** Marks a recovery code used; false if it does not exist or was used before. */
    useRecoveryCode: (userId: UserId, hash: string, at: number) => useCode.run(at, userId, hash).changes === 1,
    unusedRecoveryCodes: (userId: UserId) => unusedCodes.get(userId)?.n ?? 0,

    setting: (key: string): string | undefined => getSetting.get(key)?.value,
    putSetting: (key: string, value: string) => putSetting.run(key, value),
  };
}
export type AccountsRepo = ReturnType<typeof createAccountsRepo>;
