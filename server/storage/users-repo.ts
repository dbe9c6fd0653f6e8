import type { Db } from './db.ts';
import type { UserId } from '../../shared/ids.ts';

export interface UserRow {
  id: UserId;
  email: string;
  name: string;
  organisation: string;
  passwordHash: string;
  isAdmin: boolean;
  color: string;
  createdAt: string;
  disabledAt: string | null;
}

interface RawUser {
  id: string;
  email: string;
  name: string;
  organisation: string;
  password_hash: string;
  is_admin: number;
  color: string;
  created_at: string;
  disabled_at: string | null;
}

const toUser = (r: RawUser): UserRow => ({
  id: r.id as UserId,
  email: r.email,
  name: r.name,
  organisation: r.organisation,
  passwordHash: r.password_hash,
  isAdmin: r.is_admin === 1,
  color: r.color,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});

/** Accounts. Emails arrive already normalised (lower-case, trimmed) from the API schema. */
export function createUsersRepo(db: Db) {
  const byId = db.prepare<[string], RawUser>('SELECT * FROM users WHERE id = ?');
  const byEmail = db.prepare<[string], RawUser>('SELECT * FROM users WHERE email = ?');
  const all = db.prepare<[], RawUser>('SELECT * FROM users ORDER BY name COLLATE NOCASE');
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users');
  const setProfile = db.prepare<[string, string, string]>('UPDATE users SET name = ?, organisation = ? WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO users (id, email, name, organisation, password_hash, is_admin, color, created_at)
     VALUES (@id, @email, @name, @organisation, @passwordHash, @isAdmin, @color, @createdAt)`,
  );
  return {
    findById: (id: string): UserRow | undefined => {
      const r = byId.get(id);
      return r && toUser(r);
    },
    findByEmail: (email: string): UserRow | undefined => {
      const r = byEmail.get(email);
      return r && toUser(r);
    },
    list: (): UserRow[] => all.all().map(toUser),
    count: (): number => count.get()?.n ?? 0,
    /** The name and organisation colleagues see. */
    setProfile: (id: UserId, name: string, organisation: string): void => void setProfile.run(name, organisation, id),
    /** Returns false when the email is taken. */
    insert: (u: Omit<UserRow, 'disabledAt'>): boolean => {
      try {
        insert.run({ ...u, isAdmin: u.isAdmin ? 1 : 0 });
        return true;
      } catch (err) {
        if (err instanceof Error && 'code' in err && err.code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
        throw err;
      }
    },
  };
}
export type UsersRepo = ReturnType<typeof createUsersRepo>;
