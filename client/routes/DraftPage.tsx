import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { DraftIdSchema } from '../../shared/ids.ts';
import { canEditText, canManageDraft, ROLE_LABELS } from '../../shared/roles.ts';
import { canSuggest } from '../../shared/api/review.ts';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { ReviewModeSwitch } from '../review/ReviewModeSwitch.tsx';
import { api } from '../api/endpoints.ts';
import { useMe } from '../app/me.tsx';
import { useCollabSession, usePresence, useShownStatus, useUnsavedGuard } from '../collab/hooks.ts';
import { ConnectionIndicator } from '../components/ConnectionIndicator.tsx';
import { DraftTitle } from '../components/DraftTitle.tsx';
import { MembersDialog } from '../components/MembersDialog.tsx';
import { RoleChangedNote } from '../components/RoleChangedNote.tsx';
import { ExportMenu } from '../export/ExportMenu.tsx';
import { PresenceBar } from '../components/PresenceBar.tsx';
import { DraftEditor } from '../editor/DraftEditor.tsx';
import { useSuggestingMode } from '../review/useSuggestingMode.ts';
import { useDraftEditor } from '../editor/useDraftEditor.ts';
import { SidePanel } from '../components/SidePanel.tsx';
import { PANELS } from '../panels/registry.ts';
import { useAsync } from '../hooks/useAsync.ts';
import { markOpenMilestone } from '../app/open-milestones.ts';
import { takeDraftDetails } from '../app/early-requests.ts';
import '../styles/editor.css';

markOpenMilestone('draft-page-script');

/** A draft: its text, who is here, and whether everything is saved. */
const LEFT_PANELS = PANELS.filter((p) => p.side === 'left');
const RIGHT_PANELS = PANELS.filter((p) => p.side === 'right');

export default function DraftPage() {
  const { draftId: rawId } = useParams();
  const parsed = DraftIdSchema.safeParse(rawId);
  const draftId = parsed.success ? parsed.data : undefined;
  const { me, forgetIfSessionEnded } = useMe();
  const draft = useAsync(
    () =>
      draftId
        ? // A session ended elsewhere: the login page, which brings back here, rather than "cannot be opened".
          takeDraftDetails(draftId).catch((err: unknown) => {
            forgetIfSessionEnded(err);
            throw err;
          })
        : Promise.reject(new Error('This address does not name a draft.')),
    [draftId],
  );
  // Connect at once, beside the draft's details rather than after them: the socket's handshake is
  // authorised by the server on its own, and a draft that cannot be opened ends the session.
  const session = useCollabSession(draft.error ? undefined : draftId, me);
  // As shown, not exact: the page re-renders when what it shows changes, not for every keystroke's save.
  const status = useShownStatus(session);
  const people = usePresence(session, me?.id ?? '');
  const [sharing, setSharing] = useState(false);
  // Once the server has ended this page's access (removed from the draft, session or account
  // ended), nothing sent from here would be accepted: the page offers what a viewer's does.
  const role = status.ended ? 'viewer' : (status.role ?? draft.data?.role ?? 'viewer');
  // Commenters type too: in Suggesting mode (forced for them) input becomes suggestions, never edits.
  const editable = (canEditText(role) || canSuggest(role)) && !status.ended;
  const caretUser = useMemo(() => ({ name: me?.name ?? '', color: me?.color ?? '', organisation: me?.organisation ?? '' }), [me]);
  const editor = useDraftEditor(session, caretUser, editable);
  const suggesting = useSuggestingMode(editor);
  // Readers' local copies never get acknowledged (nothing of theirs is stored), so only writers are warned.
  // Once the server has ended the session for good, leaving cannot lose more than staying: what is
  // unsaved stays in this browser's copy (and is sent after logging in again).
  useUnsavedGuard(editable && status.unsaved > 0 && !status.ended);
  // Stable while only the save state changes, so panels do not re-render on every keystroke's ack.
  const panelContext = useMemo(
    () => (draftId && session && editor && me ? { draftId, session, editor, role, me } : undefined),
    [draftId, session, editor, role, me],
  );

  if (draft.error) {
    return (
      <main className="centered-page">
        <div className="card" role="alert">
          <h1>This draft cannot be opened</h1>
          <p>{draft.error}</p>
          <p className="muted">If you expected to see it, ask its coordinator to add you.</p>
          <Link to="/">Back to my drafts</Link>
        </div>
      </main>
    );
  }
  if (!draft.data || !draftId || !me) return <p className="page-status" role="status">Opening the draft…</p>;

  return (
    <div className="draft-layout">
      <header className="draft-bar">
        <Link to="/" className="brand" aria-label="Plenary — back to my drafts">
          Plenary
        </Link>
        <DraftTitle
          title={draft.data.title}
          canRename={canManageDraft(role)}
          onRename={async (title) => draft.setData(await api.renameDraft(draftId, title))}
        />
        <ConnectionIndicator status={status} />
        <PresenceBar people={people} />
        <ReviewModeSwitch editor={editor} session={session} draftId={draftId} me={me} role={role} status={status} />
        {!status.ended && (
          <>
            <button type="button" className="button" onClick={() => setSharing(true)}>
              {canManageDraft(role) ? 'Share' : 'People'}
            </button>
            <ExportMenu draftId={draftId} />
          </>
        )}
      </header>
      {status.ended && (
        <div className="banner banner--error" role="alert">
          <AccessEndedMessage code={status.ended.code} />
        </div>
      )}
      {!status.ended && <RoleChangedNote role={role} />}
      {!editable && !status.ended && (
        <div className="banner" role="note">
          You are a {ROLE_LABELS[role].toLowerCase()} of this draft: you can read it but not change the text.
        </div>
      )}
      <div className="draft-body">
        {panelContext && (
          <SidePanel side="left" panels={LEFT_PANELS} ctx={panelContext} />
        )}
        <main className="draft-main">{editor ? <DraftEditor editor={editor} suggesting={suggesting} /> : <p role="status">Connecting…</p>}</main>
        {panelContext && (
          <SidePanel side="right" panels={RIGHT_PANELS} ctx={panelContext} />
        )}
      </div>
      {sharing && <MembersDialog draftId={draftId} canManage={canManageDraft(role)} onClose={() => setSharing(false)} />}
    </div>
  );
}

/** Why the server ended this connection for good, and what the person can do about it. */
function AccessEndedMessage({ code }: { code: number }) {
  if (code === CloseCode.TwoStepRequired) {
    return (
      <>
        Your administrator now requires two-step login. <Link to="/account">Set it up on your account page</Link> to keep working on this
        draft; edits not yet saved are kept in this browser.
      </>
    );
  }
  if (code === CloseCode.Unauthenticated) {
    // A whole page load, not a route change: the app still holds the ended session's account, and
    // the login page would send a logged-in account straight back here.
    const login = `/login?next=${encodeURIComponent(location.pathname)}`;
    return (
      <>
        Your session has ended. <a href={login}>Log in again</a> to continue; edits not yet saved are kept in this browser and are sent once you are
        back.
      </>
    );
  }
  return <>You no longer have access to this draft. Ask its coordinator if this is unexpected.</>;
}
