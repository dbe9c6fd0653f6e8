import { z } from 'zod';

/**
 * A member's role in one draft. Order matters only for display; rights are given by the
 * capability functions below, which both the server (to enforce) and the UI (to hide what
 * cannot be done) use.
 */
export const ROLES = ['coordinator', 'editor', 'commenter', 'viewer'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** May change the accepted text of the shared document directly. */
export function canEditText(role: Role): boolean {
  return role === 'coordinator' || role === 'editor';
}

/** May add, change and remove members, rename the draft. */
export function canManageDraft(role: Role): boolean {
  return role === 'coordinator';
}

/** Human label for a role, as the UI shows it. */
export const ROLE_LABELS: Record<Role, string> = {
  coordinator: 'Coordinator',
  editor: 'Editor',
  commenter: 'Commenter',
  viewer: 'Viewer',
};
