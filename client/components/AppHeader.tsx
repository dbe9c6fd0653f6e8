import { Link, useNavigate } from 'react-router';
import { useMe } from '../app/me.tsx';
import type { ReactNode } from 'react';

/** The bar on list and admin pages: product name, the account, logout. */
export function AppHeader({ children }: { children?: ReactNode }) {
  const { me, logout } = useMe();
  const navigate = useNavigate();
  return (
    <header className="app-header">
      <Link to="/" className="brand">
        Plenary
      </Link>
      <div className="app-header__middle">{children}</div>
      {me && (
        <nav className="app-header__account" aria-label="Account">
          {me.isAdmin && <Link to="/admin">Administration</Link>}
          <Link to="/account">Your account</Link>
          <span className="muted">
            {me.name}
            {me.organisation ? `, ${me.organisation}` : ''}
          </span>
          <button
            type="button"
            className="button subtle"
            onClick={() => {
              void logout().then(() => navigate('/login'));
            }}
          >
            Log out
          </button>
        </nav>
      )}
    </header>
  );
}
