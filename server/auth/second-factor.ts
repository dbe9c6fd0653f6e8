import { createHash, randomBytes } from 'node:crypto';
import type { UserId } from '../../shared/ids.ts';
import type { AccountsRepo } from '../storage/accounts-repo.ts';
import type { SecretBox } from './secret-box.ts';
import { matchTotp, newTotpSecret, otpauthUri } from './totp.ts';

const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A recovery code as shown once to the person: 10 characters from an unambiguous alphabet, grouped. */
function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  let code = '';
  for (const b of bytes) code += RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Recovery codes are random (~49 bits), so a fast hash suffices; normalised before hashing. */
function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.trim().toLowerCase().replace(/[\s-]/g, '')).digest('base64url');
}

/**
 * The optional TOTP second factor of an account (RFC 6238) and its one-time recovery codes.
 * Enrolment is two steps: a secret is issued, and only a first valid code turns it on, so nobody
 * is locked out by a secret their app never stored. Secrets are stored sealed with the instance's
 * key (secret-box.ts), bound to the account, and opened only to check a code.
 */
export function createSecondFactor(accounts: AccountsRepo, secrets: SecretBox, now: () => number = Date.now) {
  /** The account's TOTP state with its secret opened. */
  function totpOf(userId: UserId) {
    const row = accounts.totpOf(userId);
    return row && { ...row, secret: secrets.open(row.secret, userId) };
  }

  function issueRecoveryCodes(userId: UserId): string[] {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    accounts.replaceRecoveryCodes(userId, codes.map(hashRecoveryCode));
    return codes;
  }

  return {
    isEnabled: (userId: UserId): boolean => accounts.totpOf(userId)?.enabledAt != null,

    status(userId: UserId) {
      const row = accounts.totpOf(userId);
      return { enabled: row?.enabledAt != null, recoveryCodesLeft: row?.enabledAt != null ? accounts.unusedRecoveryCodes(userId) : 0 };
    },

    /** Issues a new pending secret (replacing any unconfirmed one). Refused while enabled. */
    begin(userId: UserId, email: string): { secret: string; uri: string } | undefined {
      if (accounts.totpOf(userId)?.enabledAt != null) return undefined;
      const secret = newTotpSecret();
      accounts.putPendingTotp(userId, secrets.seal(secret, userId));
      return { secret, uri: otpauthUri(secret, email) };
    },

    /** Turns the pending secret on with a first valid code; returns the recovery codes (shown once). */
    confirm(userId: UserId, code: string): string[] | undefined {
      const row = totpOf(userId);
      if (!row || row.enabledAt != null) return undefined;
      const step = matchTotp(row.secret, code, now());
      if (step === undefined || !accounts.enableTotp(userId, now(), step)) return undefined;
      return issueRecoveryCodes(userId);
    },

    /**
     * Checks a second-factor code at login: a current TOTP code not used before, or an unused
     * recovery code (then spent).
     */
    verify(userId: UserId, code: string): 'totp' | 'recovery' | undefined {
      const row = totpOf(userId);
      if (!row || row.enabledAt == null) return undefined;
      const step = matchTotp(row.secret, code, now());
      if (step !== undefined) return accounts.advanceTotpStep(userId, step) ? 'totp' : undefined;
      if (/^[a-z0-9\s-]{10,16}$/i.test(code.trim()) && accounts.useRecoveryCode(userId, hashRecoveryCode(code), now())) return 'recovery';
      return undefined;
    },

    regenerateRecoveryCodes: (userId: UserId): string[] | undefined => (accounts.totpOf(userId)?.enabledAt != null ? issueRecoveryCodes(userId) : undefined),

    disable: (userId: UserId) => accounts.disableTotp(userId),
  };
}
export type SecondFactor = ReturnType<typeof createSecondFactor>;
