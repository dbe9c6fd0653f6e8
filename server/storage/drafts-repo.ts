import type { Db } from './db.ts';
import type { DraftId, UserId } from '../../shared/ids.ts';
import type { Role } from '../../shared/roles.ts';
import { colorForNewMember } from '../auth/colors.ts';

export interface DraftRow {
  id: DraftId;
  title: string;
  createdBy: UserId;
  createdAt: string;
  updatedAt: string;
}
export interface MemberRow {
  userId: UserId;
  name: string;
  email: string;
  organisation: string;
  role: Role;
  /** This person's colour in this draft (carets, review cards, redlines), chosen when they joined. */
  color: string;
}

interface RawDraft {
  id: string;
  title: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}
const toDraft = (r: RawDraft): DraftRow => ({
  id: r.id as DraftId,
  title: r.title,
  createdBy: r.created_by as UserId,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Drafts and their membership. */
export function createDraftsRepo(db: Db) {
  const insertDraft = db.prepare('INSERT INTO drafts (id, title, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const getDraft = db.prepare<[string], RawDraft>('SELECT * FROM drafts WHERE id = ?');
  const rename = db.prepare('UPDATE drafts SET title = ?, updated_at = ? WHERE id = ?');
  const touch = db.prepare('UPDATE drafts SET updated_at = ? WHERE id = ?');
  const listForUser = db.prepare<[string], RawDraft & { role: Role }>(
    `SELECT d.*, m.role FROM drafts d JOIN members m ON m.draft_id = d.id
     WHERE m.user_id = ? ORDER BY d.updated_at DESC`,
  );
  const membership = db.prepare<[string, string], { role: Role; color: string }>('SELECT role, color FROM members WHERE draft_id = ? AND user_id = ?');
  const members = db.prepare<[string], { user_id: string; name: string; email: string; organisation: string; role: Role; color: string }>(
    `SELECT m.user_id, u.name, u.email, u.organisation, m.role, m.color FROM members m JOIN users u ON u.id = m.user_id
     WHERE m.draft_id = ? ORDER BY u.name COLLATE NOCASE`,
  );
  const colorsOf = db.prepare<[string], { user_id: string; color: string }>('SELECT user_id, color FROM members WHERE draft_id = ?');
  const insertMember = db.prepare('INSERT INTO members (draft_id, user_id, role, added_at, color) VALUES (?, ?, ?, ?, ?)');
  const updateRole = db.prepare('UPDATE members SET role = ? WHERE draft_id = ? AND user_id = ?');
  /** Adds a member with the colour no current member has, or changes an existing member's role (their colour stays). */
  const setMember = db.transaction((draftId: string, userId: string, role: Role, at: string) => {
    if (updateRole.run(role, draftId, userId).changes > 0) return;
    insertMember.run(draftId, userId, role, at, colorForNewMember(colorsOf.all(draftId).map((m) => m.color)));
  });
  const deleteMember = db.prepare('DELETE FROM members WHERE draft_id = ? AND user_id = ?');
  const countCoordinators = db.prepare<[string], { n: number }>(
    "SELECT COUNT(*) AS n FROM members WHERE draft_id = ? AND role = 'coordinator'",
  );

  return {
    /** Creates the draft with its creator as coordinator, atomically. */
    create: db.transaction((d: DraftRow) => {
      insertDraft.run(d.id, d.title, d.createdBy, d.createdAt, d.updatedAt);
      setMember(d.id, d.createdBy, 'coordinator', d.createdAt);
    }),
    find: (id: string): DraftRow | undefined => {
      const r = getDraft.get(id);
      return r && toDraft(r);
    },
    rename: (id: DraftId, title: string, at: string) => rename.run(title, at, id),
    touch: (id: DraftId, at: string) => touch.run(at, id),
    listForUser: (userId: UserId) => listForUser.all(userId).map((r) => ({ ...toDraft(r), role: r.role })),
    roleOf: (draftId: string, userId: string): Role | undefined => membership.get(draftId, userId)?.role,
    /** A member's role and colour in a draft; undefined for someone who is not a member. */
    membership: (draftId: string, userId: string): { role: Role; color: string } | undefined => membership.get(draftId, userId),
    /** Each current member's colour in this draft, by account id. */
    memberColors: (draftId: DraftId): Map<string, string> => new Map(colorsOf.all(draftId).map((m) => [m.user_id, m.color])),
    members: (draftId: DraftId): MemberRow[] =>
      members.all(draftId).map((r) => ({ userId: r.user_id as UserId, name: r.name, email: r.email, organisation: r.organisation, role: r.role, color: r.color })),
    setMember: (draftId: DraftId, userId: UserId, role: Role, at: string): void => setMember(draftId, userId, role, at),
    removeMember: (draftId: DraftId, userId: UserId) => deleteMember.run(draftId, userId).changes > 0,
    coordinatorCount: (draftId: DraftId): number => countCoordinators.get(draftId)?.n ?? 0,
  };
}
export type DraftsRepo = ReturnType<typeof createDraftsRepo>;
