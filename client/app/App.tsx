import { useEffect, useState } from 'react';
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
import { startEarlyRequests } from './early-requests.ts';
import { draftPageIfLoaded, loadDraftPage } from './draft-page-loader.ts';
import type { ReactNode } from 'react';

// Opened by its address: fetch that chunk while /api/me is asked, not after the answer.
if (location.pathname.startsWith('/drafts/')) void loadDraftPage();
startEarlyRequests(location.pathname);

/**
 * The draft route, drawn as soon as its chunk is here. Not React.lazy in a Suspense boundary:
 * lazy suspends on its first render even when the chunk has already arrived (fetched beside
 * /api/me), and React then holds a boundary's content back until its fallback has been shown for
 * 300 ms (against flicker) — measured, the draft's requests left ~300 ms after /api/me answered.
 */
function DraftRoute() {
  const [loaded, setLoaded] = useState(draftPageIfLoaded);
  const [failure, setFailure] = useState<unknown>();
  useEffect(() => {
    if (!loaded) loadDraftPage().then(setLoaded, setFailure);
  }, [loaded]);
  // A chunk that cannot be fetched (a new deployment, the network) is the error boundary's to show, as before.
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error('The draft page could not be loaded.');
  if (!loaded) return <p className="page-status" role="status">Opening the draft…</p>;
  return <loaded.default />;
}

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
                  <DraftRoute />
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
