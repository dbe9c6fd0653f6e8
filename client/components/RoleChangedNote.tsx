import { useState } from 'react';
import { ROLE_LABELS, type Role } from '../../shared/roles.ts';

/**
 * What each role may do, as a sentence that follows "Your role in this draft is now X:". Not for
 * viewers: the page's standing note for readers ("You are a viewer of this draft…") appears then.
 */
const NOW_YOU_CAN: Record<Exclude<Role, 'viewer'>, string> = {
  coordinator: 'you can change the text and manage its members, versions and exports.',
  editor: 'you can change the text.',
  commenter: 'you can comment and suggest wording; what you type becomes a suggestion.',
};

/**
 * Says so when a coordinator changes this person's role while the draft is open. The page follows
 * the new role at once (the connection reopens with it); without a word, someone who was editing
 * would only find their typing turned into suggestions.
 */
export function RoleChangedNote({ role }: { role: Role }) {
  const [lastRole, setLastRole] = useState(role);
  const [changedTo, setChangedTo] = useState<Role>();
  if (role !== lastRole) {
    setLastRole(role);
    setChangedTo(role);
  }
  if (changedTo !== role || role === 'viewer') return null;
  return (
    <div className="banner banner--notice" role="status">
      Your role in this draft is now {ROLE_LABELS[role]}: {NOW_YOU_CAN[role]}{' '}
      <button type="button" className="button subtle small" onClick={() => setChangedTo(undefined)}>
        Dismiss
      </button>
    </div>
  );
}
