import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <main className="centered-page">
      <div className="card">
        <h1>Page not found</h1>
        <p>This address does not lead to anything in Plenary.</p>
        <Link to="/">Go to my drafts</Link>
      </div>
    </main>
  );
}
