import type { DraftId } from '../../shared/ids.ts';
import type { DraftsRepo } from '../storage/drafts-repo.ts';
import type { UserRow, UsersRepo } from '../storage/users-repo.ts';

/** How the versions and review services look accounts up: as they appear within one draft. */
export type PeopleInDraft = (draftId: DraftId) => Pick<UsersRepo, 'findById'>;

/**
 * Accounts as seen within one draft: each with the colour of their membership there, so carets,
 * review cards and redlines agree and no two members share a colour by chance. Someone who is no
 * longer a member keeps their name but has no colour ('': the neutral grey), since theirs may
 * since have gone to someone else.
 */
export function peopleInDraft(users: Pick<UsersRepo, 'findById'>, drafts: Pick<DraftsRepo, 'memberColors'>): PeopleInDraft {
  return (draftId) => {
    const colors = drafts.memberColors(draftId);
    return {
      findById: (id: string): UserRow | undefined => {
        const u = users.findById(id);
        return u && { ...u, color: colors.get(u.id) ?? '' };
      },
    };
  };
}
