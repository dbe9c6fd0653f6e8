import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Member } from '../../shared/api/drafts.ts';
import type { UserId } from '../../shared/ids.ts';
import { LIMITS } from '../../shared/limits.ts';
import { nameWithOrganisation } from '../components/format.ts';

interface Props {
  label: string;
  members: Member[];
  submitLabel: string;
  initial?: string;
  /** Who the initial text mentions (an edited comment's mentions stay while their names stay in it). */
  initialMentions?: readonly UserId[];
  onSubmit: (body: string, mentions: UserId[]) => Promise<boolean>;
  onCancel?: () => void;
  autoFocus?: boolean;
}

/** A comment box. "@" followed by letters offers the draft's members; choosing one mentions them. */
export function CommentComposer({ label, members, submitLabel, initial = '', initialMentions = [], onSubmit, onCancel, autoFocus }: Props) {
  const [body, setBody] = useState(initial);
  const [mentions, setMentions] = useState<Member[]>([]);
  const [busy, setBusy] = useState(false);
  const listId = useId();
  const [active, setActive] = useState(0);
  /** Escape closed the list of members: it stays closed until the text changes. */
  const [mentionListClosed, setMentionListClosed] = useState(false);
  const query = mentionListClosed ? undefined : /(?:^|\s)@([\p{L}\p{N}' -]{0,30})$/u.exec(body)?.[1];
  const options = query === undefined ? [] : members.filter((m) => m.name.toLowerCase().startsWith(query.toLowerCase().trimStart())).slice(0, 6);

  const choose = (m: Member) => {
    setBody(body.replace(/@([\p{L}\p{N}' -]{0,30})$/u, `@${m.name} `));
    setMentions((list) => (list.some((x) => x.userId === m.userId) ? list : [...list, m]));
  };
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!body.trim() || busy) return;
    setBusy(true);
    // Only mentions still written in the text count (one whose member is not known here stays).
    const written = (id: UserId) => {
      const member = members.find((m) => m.userId === id);
      return !member || body.includes(`@${member.name}`);
    };
    const ids = [...new Set([...initialMentions, ...mentions.map((m) => m.userId)])].filter(written);
    const ok = await onSubmit(body, ids);
    setBusy(false);
    if (ok) {
      setBody('');
      setMentions([]);
    }
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (options.length > 0 && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
    } else if (options.length > 0 && (e.key === 'Enter' || e.key === 'Tab')) {
      e.preventDefault();
      const m = options[active] ?? options[0];
      if (m) choose(m);
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      void submit();
    } else if (e.key === 'Escape' && options.length > 0) {
      // Only the list closes: the words written so far are kept.
      e.preventDefault();
      setMentionListClosed(true);
    } else if (e.key === 'Escape' && onCancel) {
      onCancel();
    }
  };

  return (
    <form className="composer" onSubmit={(e) => void submit(e)}>
      {/* A combobox while mentioning: screen readers hear that the list is open and which member
          ArrowUp / ArrowDown have highlighted, while the focus stays in the text. */}
      <textarea
        aria-label={label}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={options.length > 0}
        aria-controls={listId}
        aria-activedescendant={options.length > 0 ? `${listId}-${active % options.length}` : undefined}
        placeholder={`${label} — @ to mention`}
        value={body}
        maxLength={LIMITS.reviewTextMax}
        rows={2}
        autoFocus={autoFocus}
        onChange={(e) => {
          setBody(e.target.value);
          setActive(0);
          setMentionListClosed(false);
        }}
        onKeyDown={onKey}
      />
      {options.length > 0 && (
        <ul className="composer__mentions" role="listbox" id={listId} aria-label="Mention a member">
          {options.map((m, i) => (
            // Chosen with the mouse or from the box's keys; the option itself never takes the focus.
            <li key={m.userId} id={`${listId}-${i}`} role="option" aria-selected={i === active % options.length} onMouseDown={(e) => e.preventDefault()} onClick={() => choose(m)}>
              {nameWithOrganisation(m.name, m.organisation)}
            </li>
          ))}
        </ul>
      )}
      <div className="composer__actions">
        {onCancel && (
          <button type="button" className="button subtle small" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button primary small" disabled={busy || !body.trim()} title="Ctrl+Enter">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
