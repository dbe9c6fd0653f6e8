import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Member } from '../../shared/api/drafts.ts';
import type { DraftId } from '../../shared/ids.ts';
import { ROLES, ROLE_LABELS, type Role } from '../../shared/roles.ts';
import { api } from '../api/endpoints.ts';
import { errorMessage, FormError, formText } from './FormError.tsx';
import { nameWithOrganisation } from './format.ts';
import { colorClass } from '../editor/extensions.ts';

const ROLE_HELP: Record<Role, string> = {
  coordinator: 'manages members, versions and exports',
  editor: 'changes the text',
  commenter: 'comments and suggests, never changes the text',
  viewer: 'reads only',
};

/** Share: coordinators add members by email, change roles and remove members. */
export function MembersDialog({ draftId, canManage, onClose }: { draftId: DraftId; canManage: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [members, setMembers] = useState<Member[]>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();

  useEffect(() => {
    dialog.current?.showModal();
    api.members(draftId).then((r) => setMembers(r.members), (err: unknown) => setError(errorMessage(err)));
  }, [draftId]);

  const run = async (action: () => Promise<{ members: Member[] }>, done?: string) => {
    setError(undefined);
    setNotice(undefined);
    try {
      setMembers((await action()).members);
      setNotice(done);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const add = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const email = formText(f, 'email');
    const role = formText(f, 'role') as Role;
    // "Add" with someone already here changes their role: say so, or a slip demotes a colleague unseen.
    const already = members?.find((m) => m.email === email.trim().toLowerCase());
    const done = already && already.role !== role ? `${already.name} was already in this draft: their role is now ${ROLE_LABELS[role]}.` : undefined;
    void run(() => api.putMember(draftId, { email, role }), done).then(() => form.reset());
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="members-title" onClose={onClose}>
      <div className="dialog__head">
        <h2 id="members-title">People in this draft</h2>
        <button type="button" className="button subtle" onClick={() => dialog.current?.close()} aria-label="Close">
          Close
        </button>
      </div>
      {canManage && (
        <form className="member-add" onSubmit={add}>
          <label className="field">
            <span>Email</span>
            <input name="email" type="email" required placeholder="colleague@organisation.org" />
          </label>
          <label className="field">
            <span>Role</span>
            <select name="role" defaultValue="editor">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]} — {ROLE_HELP[r]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button primary">
            Add
          </button>
        </form>
      )}
      <FormError message={error} />
      {notice && (
        <p className="form-ok" role="status">
          {notice}
        </p>
      )}
      {!members && !error && <p role="status">Loading members…</p>}
      {members && (
        <ul className="member-list">
          {members.map((m) => (
            <li key={m.userId} className="member-list__item">
              <span className="member-list__who">
                {/* The colour of this member's caret, marks and redline in this draft; the name says who. */}
                <span className={`member-list__swatch ${colorClass(m.color)}`} data-testid="member-swatch" aria-hidden="true" />
                <strong>{nameWithOrganisation(m.name, m.organisation)}</strong>
                <span className="muted small">{m.email}</span>
              </span>
              {canManage ? (
                <span className="member-list__actions">
                  <label className="visually-hidden" htmlFor={`role-${m.userId}`}>
                    Role of {m.name}
                  </label>
                  <select
                    id={`role-${m.userId}`}
                    value={m.role}
                    onChange={(e) => void run(() => api.putMember(draftId, { email: m.email, role: e.target.value as Role }))}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABELS[r]}
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    className="button subtle danger"
                    onClick={() => {
                      if (confirm(`Remove ${m.name} from this draft? Their open sessions end at once.`)) void run(() => api.removeMember(draftId, m.userId));
                    }}
                  >
                    Remove
                  </button>
                </span>
              ) : (
                <span>{ROLE_LABELS[m.role]}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </dialog>
  );
}
