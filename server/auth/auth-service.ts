import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { AccountsRepo } from '../storage/accounts-repo.ts';
import type { SessionsRepo } from '../storage/sessions-repo.ts';
import type { UserRow, UsersRepo } from '../storage/users-repo.ts';
import type { UserId } from '../../shared/ids.ts';
import { colorFor } from './colors.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';
import type { SecretBox } from './secret-box.ts';
import { createSecondFactor } from './second-factor.ts';
import { hashToken, newId, newToken } from './tokens.ts';

export interface NewAccount {
  name: string;
  email: string;
  organisation: string;
  password: string;
  isAdmin: boolean;
}

/** How often a session's last-seen time is written (it is read on every request). */
const TOUCH_INTERVAL_MS = 60_000;

/** Accounts and sessions: who someone is. What they may do is decided by the routes' policies. */
export function createAuthService(deps: { config: Config; users: UsersRepo; sessions: SessionsRepo; accounts: AccountsRepo; secrets: SecretBox; logger: Logger }) {
  const { config, users, sessions, accounts, logger } = deps;
  const secondFactor = createSecondFactor(accounts, deps.secrets);
  // Read on every authenticated request, changed only through the admin API: kept in memory.
  let requireTotp = accounts.setting('require_totp') === 'true';

  /** Checks an email and password; the account if they match and it is not disabled. */
  async function verifyCredentials(email: string, password: string): Promise<UserRow | undefined> {
    const user = users.findByEmail(email);
    // Verify against a dummy hash for unknown emails so timing does not reveal which exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash(config.scryptLogN)));
    if (!user || !ok || user.disabledAt) return undefined;
    return user;
  }

  /** Opens a new session (a fresh random id every time) and returns its token. */
  function openSession(user: UserRow, meta: { userAgent: string; address: string }): string {
    const token = newToken();
    const now = Date.now();
    sessions.insert({ tokenHash: hashToken(token), userId: user.id, createdAt: now, lastSeenAt: now, ...meta });
    return token;
  }

  function touchSession(tokenHash: string, now: number): void {
    try {
      sessions.touch(tokenHash, now);
    } catch (err) {
      // Last-seen is bookkeeping: a full or read-only disk must not lock people out of reading.
      logger.warn('could not record session activity', { code: err instanceof Error && 'code' in err ? err.code : undefined });
    }
  }

  /** True when the instance requires two-step login and this account has not set it up yet. */
  const mustEnrolTotp = (user: UserRow): boolean => requireTotp && !secondFactor.isEnabled(user.id);

  /** A new account's row with its password hashed, not yet stored (invites store it in a transaction). */
  async function prepareAccount(a: NewAccount): Promise<Omit<UserRow, 'disabledAt'>> {
    const id = newId() as UserId;
    return {
      id,
      email: a.email,
      name: a.name,
      organisation: a.organisation,
      passwordHash: await hashPassword(a.password, config.scryptLogN),
      isAdmin: a.isAdmin,
      color: colorFor(id),
      createdAt: new Date().toISOString(),
    };
  }

  async function createAccount(a: NewAccount): Promise<UserRow | undefined> {
    const row = await prepareAccount(a);
    return users.insert(row) ? { ...row, disabledAt: null } : undefined;
  }


  return {
    createAccount,
    prepareAccount,
    hashPassword: (password: string) => hashPassword(password, config.scryptLogN),

    verifyCredentials,
    openSession,
    secondFactor,
    mustEnrolTotp,

    /** Checks credentials; on success opens a new session (a fresh id on every login). No second factor: first setup only. */
    async login(email: string, password: string, meta: { userAgent: string; address: string }) {
      const user = await verifyCredentials(email, password);
      if (!user) return undefined;
      return { token: openSession(user, meta), user };
    },

    /** Whether the instance requires a second factor of every account. */
    requiresTotp: (): boolean => requireTotp,
    setRequireTotp(value: boolean): void {
      accounts.putSetting('require_totp', String(value));
      requireTotp = value;
    },

    /**
     * The user behind a session token, if the session is valid (not idle or absolutely expired).
     * While the instance requires two-step login and the account has not set it up, the session
     * is good only for setting it up (`forEnrolment`): every other route and the websocket refuse it.
     */
    authenticate(token: string | undefined, opts: { forEnrolment?: boolean } = {}): UserRow | undefined {
      if (!token || token.length > 100) return undefined;
      const tokenHash = hashToken(token);
      const session = sessions.find(tokenHash);
      if (!session) return undefined;
      const now = Date.now();
      if (now - session.lastSeenAt > config.sessionIdleMs || now - session.createdAt > config.sessionAbsoluteMs) {
        sessions.remove(tokenHash);
        return undefined;
      }
      const user = users.findById(session.userId);
      if (!user || user.disabledAt) return undefined;
      if (now - session.lastSeenAt > TOUCH_INTERVAL_MS) touchSession(tokenHash, now);
      if (!opts.forEnrolment && mustEnrolTotp(user)) return undefined;
      return user;
    },

    /**
     * For an open websocket, by its session's stored hash: false once the session is gone or past
     * its absolute lifetime (the socket must then end). An open socket is use, so this renews the
     * idle clock the way requests do.
     */
    sessionInUse(tokenHash: string): boolean {
      const session = sessions.find(tokenHash);
      if (!session) return false;
      const now = Date.now();
      if (now - session.createdAt > config.sessionAbsoluteMs) {
        sessions.remove(tokenHash);
        return false;
      }
      if (now - session.lastSeenAt > TOUCH_INTERVAL_MS) touchSession(tokenHash, now);
      return true;
    },

    logout(token: string | undefined): void {
      if (token) sessions.remove(hashToken(token));
    },

    /**
     * At start: with PLENARY_ADMIN_* set, creates that administrator if missing; otherwise, on an
     * instance with no account, returns a one-time setup link token (valid 24 h).
     */
    async bootstrap(): Promise<{ setupToken?: string }> {
      if (config.admin) {
        if (!users.findByEmail(config.admin.email)) {
          await createAccount({ ...config.admin, organisation: '', isAdmin: true });
          logger.info('administrator account created from the environment');
        }
        return {};
      }
      if (users.count() > 0) return {};
      const token = newToken();
      sessions.clearSetupTokens();
      sessions.insertSetupToken(hashToken(token), Date.now() + 24 * 3600 * 1000);
      return { setupToken: token };
    },

    needsSetup: (): boolean => users.count() === 0,

    /** Creates the first administrator with a valid setup token; single use. */
    async completeSetup(token: string, account: Omit<NewAccount, 'isAdmin'>): Promise<UserRow | undefined> {
      if (users.count() > 0 || !sessions.hasSetupToken(hashToken(token), Date.now())) return undefined;
      sessions.clearSetupTokens();
      return createAccount({ ...account, isAdmin: true });
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
