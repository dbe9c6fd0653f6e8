import type { Presence } from '../collab/hooks.ts';
import { colorClass } from '../editor/extensions.ts';
import { nameWithOrganisation } from './format.ts';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase() || '?';
}

/** Who is in the draft now, each in their caret colour; full name and organisation on hover and for screen readers. */
export function PresenceBar({ people }: { people: Presence[] }) {
  return (
    <ul className="presence" aria-label={`${people.length} ${people.length === 1 ? 'person' : 'people'} in this draft`}>
      {people.map((p) => {
        const full = nameWithOrganisation(p.name, p.organisation) + (p.self ? ' (you)' : '');
        return (
          <li key={p.userId} className={`presence__person ${colorClass(p.color)}`} title={full} data-testid="presence-person">
            <span aria-hidden="true">{initials(p.name)}</span>
            <span className="visually-hidden">{full}</span>
          </li>
        );
      })}
    </ul>
  );
}
