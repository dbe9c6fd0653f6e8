import type { Editor } from '@tiptap/react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { isSafeHref } from '../../shared/schema/link-policy.ts';
import { EDIT_LINK_EVENT } from './link-shortcut.ts';
import { useEditorStateAfterPaint } from './use-editor-state-after-paint.ts';

interface ToolbarButtonProps {
  label: string;
  shortcut: string;
  active?: boolean;
  disabled?: boolean;
  /** Why the button is unavailable, shown instead of its shortcut. */
  unavailable?: string;
  onClick: () => void;
  children: React.ReactNode;
}

function ToolbarButton({ label, shortcut, active, disabled, unavailable, onClick, children }: ToolbarButtonProps) {
  return (
    <button
      type="button"
      className={`tool${active ? ' tool--active' : ''}`}
      aria-label={unavailable ? `${label}: ${unavailable}` : `${label} (${shortcut})`}
      title={unavailable ? `${label} — ${unavailable}` : `${label} — ${shortcut}`}
      aria-pressed={active === undefined ? undefined : active}
      disabled={disabled || unavailable !== undefined}
      // Keep the selection in the editor when clicking.
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

const mod = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl';

/** Why the list and quote commands are off in Suggesting mode (wrapping blocks is not a suggestion kind). */
export const NOT_WHILE_SUGGESTING = 'not available while suggesting: suggest the wording, or say it in a comment';

/**
 * Formatting commands, each with its shortcut shown. In Suggesting mode marks, links and heading /
 * paragraph changes become suggestions (client/review/format-intent.ts, structure-intent.ts);
 * lists and quotes cannot, so those buttons say why.
 */
export function Toolbar({ editor, suggesting = false }: { editor: Editor; suggesting?: boolean }) {
  const state = useEditorStateAfterPaint(editor, (e) => ({
    editable: e.isEditable,
    bold: e.isActive('bold'),
    italic: e.isActive('italic'),
    underline: e.isActive('underline'),
    strike: e.isActive('strike'),
    h1: e.isActive('heading', { level: 1 }),
    h2: e.isActive('heading', { level: 2 }),
    h3: e.isActive('heading', { level: 3 }),
    bullet: e.isActive('bulletList'),
    ordered: e.isActive('orderedList'),
    quote: e.isActive('blockquote'),
    link: e.isActive('link'),
  }));
  const [linkOpen, setLinkOpen] = useState(false);

  useEffect(() => {
    const open = () => setLinkOpen(true);
    document.addEventListener(EDIT_LINK_EVENT, open);
    return () => document.removeEventListener(EDIT_LINK_EVENT, open);
  }, []);

  const chain = () => editor.chain().focus();
  const off = !state.editable;
  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting">
      <div className="toolbar__group">
        <ToolbarButton label="Heading 1" shortcut={`${mod}+Alt+1`} active={state.h1} disabled={off} onClick={() => chain().toggleHeading({ level: 1 }).run()}>H1</ToolbarButton>
        <ToolbarButton label="Heading 2" shortcut={`${mod}+Alt+2`} active={state.h2} disabled={off} onClick={() => chain().toggleHeading({ level: 2 }).run()}>H2</ToolbarButton>
        <ToolbarButton label="Heading 3" shortcut={`${mod}+Alt+3`} active={state.h3} disabled={off} onClick={() => chain().toggleHeading({ level: 3 }).run()}>H3</ToolbarButton>
        <ToolbarButton label="Paragraph" shortcut={`${mod}+Alt+0`} disabled={off} onClick={() => chain().setParagraph().run()}>¶</ToolbarButton>
      </div>
      <div className="toolbar__group">
        <ToolbarButton label="Bold" shortcut={`${mod}+B`} active={state.bold} disabled={off} onClick={() => chain().toggleBold().run()}><b>B</b></ToolbarButton>
        <ToolbarButton label="Italic" shortcut={`${mod}+I`} active={state.italic} disabled={off} onClick={() => chain().toggleItalic().run()}><i>I</i></ToolbarButton>
        <ToolbarButton label="Underline" shortcut={`${mod}+U`} active={state.underline} disabled={off} onClick={() => chain().toggleUnderline().run()}><u>U</u></ToolbarButton>
        <ToolbarButton label="Strikethrough" shortcut={`${mod}+Shift+S`} active={state.strike} disabled={off} onClick={() => chain().toggleStrike().run()}><s>S</s></ToolbarButton>
        <ToolbarButton label="Link" shortcut={`${mod}+K`} active={state.link} disabled={off} onClick={() => setLinkOpen(true)}>Link</ToolbarButton>
      </div>
      <div className="toolbar__group">
        <ToolbarButton label="Bulleted list" unavailable={suggesting ? NOT_WHILE_SUGGESTING : undefined} shortcut={`${mod}+Shift+8`} active={state.bullet} disabled={off} onClick={() => chain().toggleBulletList().run()}>• List</ToolbarButton>
        <ToolbarButton label="Numbered list" unavailable={suggesting ? NOT_WHILE_SUGGESTING : undefined} shortcut={`${mod}+Shift+7`} active={state.ordered} disabled={off} onClick={() => chain().toggleOrderedList().run()}>1. List</ToolbarButton>
        <ToolbarButton label="Block quote" unavailable={suggesting ? NOT_WHILE_SUGGESTING : undefined} shortcut={`${mod}+Shift+B`} active={state.quote} disabled={off} onClick={() => chain().toggleBlockquote().run()}>“ Quote</ToolbarButton>
      </div>
      <div className="toolbar__group">
        {/* Undo and redo work on the shared text, so they would change it while suggesting. */}
        <ToolbarButton label="Undo your last change" unavailable={suggesting ? NOT_WHILE_SUGGESTING : undefined} shortcut={`${mod}+Z`} disabled={off} onClick={() => chain().undo().run()}>↶</ToolbarButton>
        <ToolbarButton label="Redo" unavailable={suggesting ? NOT_WHILE_SUGGESTING : undefined} shortcut={`${mod}+Shift+Z`} disabled={off} onClick={() => chain().redo().run()}>↷</ToolbarButton>
      </div>
      {linkOpen && <LinkForm editor={editor} onClose={() => setLinkOpen(false)} />}
    </div>
  );
}

/** Sets, changes or removes the link on the selection; only http, https and mailto are accepted. */
function LinkForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const current = (editor.getAttributes('link') as { href?: string }).href ?? '';
  const [error, setError] = useState<string>();
  useEffect(() => input.current?.focus(), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const href = input.current?.value.trim() ?? '';
    if (href === '') {
      editor.chain().focus().extendMarkRange('link').unsetLink().run();
      onClose();
      return;
    }
    const normalised = /^[a-z][a-z0-9+.-]*:/i.test(href) ? href : `https://${href}`;
    if (!isSafeHref(normalised)) {
      setError('Only web (http, https) and email (mailto) links are allowed.');
      return;
    }
    editor.chain().focus().extendMarkRange('link').setLink({ href: normalised }).run();
    onClose();
  };

  return (
    <form className="link-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && (onClose(), editor.commands.focus())}>
      <label className="field field--inline">
        <span>Link address</span>
        <input ref={input} defaultValue={current} placeholder="https://… or mailto:…" aria-describedby="link-help" />
      </label>
      <button type="submit" className="button primary small">Apply</button>
      <button type="button" className="button subtle small" onClick={() => (onClose(), editor.commands.focus())}>Cancel</button>
      <span id="link-help" className={error ? 'form-error' : 'muted small'} role={error ? 'alert' : undefined}>
        {error ?? 'Leave empty to remove the link.'}
      </span>
    </form>
  );
}
