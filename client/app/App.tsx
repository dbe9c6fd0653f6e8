import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { LoginPage } from '../routes/LoginPage.tsx';
import { SetupPage } from '../routes/SetupPage.tsx';
import { DraftsPage } from '../routes/DraftsPage.tsx';
import { AdminPage } from '../routes/AdminPage.tsx';
import { AccountPage } from '../routes/AccountPage.tsx';
import { InvitePage } from '../routes/InvitePage.tsx';
import { NotFoundPage } from '../routes/NotFoundPage.tsx';
import { MeProvider, useMe } from './me.tsx';
import type { ReactNode } from 'react';

// The editor and its dependencies are the heavy part of the bundle: load them with the draft route.
const loadDraftPage = () => import('../routes/DraftPage.tsx');
// Opened by its address: fetch that chunk while /api/me is asked, not after the answer.
if (location.pathname.startsWith('/drafts/')) void loadDraftPage();
const DraftPage = lazy(loadDraftPage);

function RequireMe({ children }: { children: ReactNode }) {
  const { me, loading } = useMe();
  const location = useLocation();
  if (loading) return <p className="page-status" role="status">Loading…</p>;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  return children;
}

export function App() {
  return (
    <ErrorBoundary>
      <BrowserRouter>
        <MeProvider>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/setup" element={<SetupPage />} />
            <Route path="/" element={<RequireMe><DraftsPage /></RequireMe>} />
            <Route path="/admin" element={<RequireMe><AdminPage /></RequireMe>} />
            {/* Not behind RequireMe: also reached with a session good only for setting up two-step login. */}
            <Route path="/account" element={<AccountPage />} />
            <Route path="/invite" element={<InvitePage />} />
            <Route
              path="/drafts/:draftId"
              element={
                <RequireMe>
                  <Suspense fallback={<p className="page-status" role="status">Opening the draft…</p>}>
                    <DraftPage />
                  </Suspense>
                </RequireMe>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </MeProvider>
      </BrowserRouter>
    </ErrorBoundary>
  );
}
