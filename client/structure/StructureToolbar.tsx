import type { Editor } from '@tiptap/react';
import { CL } from '../../shared/schema/control-list/index.ts';
import { STRUCTURE_SHORTCUTS as K } from './commands.ts';
import { useEditorStateAfterPaint } from '../editor/use-editor-state-after-paint.ts';

const shortcut = (keys: string) => (keys.includes('Tab') ? keys : `${mod}+${keys}`);
const mod = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl';

interface ButtonProps {
  label: string;
  keys: string;
  disabled: boolean;
  onClick: () => void;
  text: string;
  pressed?: boolean;
  /** Why the button is unavailable, shown instead of its shortcut. */
  unavailable?: string;
}

function StructureButton({ label, keys, disabled, onClick, text, pressed, unavailable }: ButtonProps) {
  return (
    <button
      type="button"
      className={`tool${pressed ? ' tool--active' : ''}`}
      aria-label={unavailable ? `${label}: ${unavailable}` : `${label} (${shortcut(keys)})`}
      title={unavailable ? `${label} — ${unavailable}` : `${label} — ${shortcut(keys)}`}
      aria-pressed={pressed}
      disabled={disabled || unavailable !== undefined}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
    >
      {text}
    </button>
  );
}

function hasStructure(e: Editor): boolean {
  // A destroyed editor has no extension manager any more.
  const manager = (e as { extensionManager?: Editor['extensionManager'] | null }).extensionManager;
  return !e.isDestroyed && !!manager && manager.extensions.some((x) => x.name === 'structureCommands');
}

/** Why fixing a label is off in Suggesting mode (a label's numbering is not a suggestion kind). */
const NOT_WHILE_SUGGESTING = 'not available while suggesting: say it in a comment';

/**
 * The control-list commands, each with its shortcut shown; Tab and Shift+Tab nest sub-items. In
 * Suggesting mode the new blocks and nesting become suggestions (client/review/structure-intent.ts);
 * fixing a label cannot, so that button says why.
 */
export function StructureToolbar({ editor, suggesting = false }: { editor: Editor; suggesting?: boolean }) {
  // The page may briefly render an editor built without these commands (before the session).
  const s = useEditorStateAfterPaint(editor, (e) => ({
    editable: hasStructure(e) && e.isEditable,
    subItem: hasStructure(e) && e.can().insertSubItem(),
    note: hasStructure(e) && e.can().insertNote('note'),
    inItem: e.isActive(CL.subItem),
    fixed: e.isActive(CL.subItem, { labelFixed: true }),
  }));
  const chain = () => editor.chain().focus();
  const off = !s.editable;
  const why = suggesting ? NOT_WHILE_SUGGESTING : undefined;
  return (
    <div className="toolbar structure-toolbar" role="toolbar" aria-label="Control-list structure">
      <div className="toolbar__group">
        <StructureButton label="Insert entry" keys={K.entry} disabled={off} onClick={() => chain().insertEntry().run()} text="+ Entry" />
        <StructureButton label="Insert sub-item" keys={K.subItem} disabled={off || !s.subItem} onClick={() => chain().insertSubItem().run()} text="+ Sub-item" />
        <StructureButton label="Nest sub-item" keys="Tab" disabled={off || !s.inItem} onClick={() => chain().sinkSubItem().run()} text="→ Nest" />
        <StructureButton label="Un-nest sub-item" keys="Shift+Tab" disabled={off || !s.inItem} onClick={() => chain().liftSubItem().run()} text="← Un-nest" />
      </div>
      <div className="toolbar__group">
        <StructureButton label="Insert Note" keys={K.note} disabled={off || !s.note} onClick={() => chain().insertNote('note').run()} text="+ Note" />
        <StructureButton label="Insert Technical Note" keys={K.technicalNote} disabled={off || !s.note} onClick={() => chain().insertNote('technicalNote').run()} text="+ Tech. Note" />
        <StructureButton label="Insert N.B." keys={K.nb} disabled={off || !s.note} onClick={() => chain().insertNote('nb').run()} text="+ N.B." />
        <StructureButton label="Insert definition" keys={K.definition} disabled={off} onClick={() => chain().insertDefinition().run()} text="+ Definition" />
        <StructureButton
          label={s.fixed ? 'Let this label follow the numbering' : 'Keep this label as it is (renumbering changes legal references)'}
          keys={K.fixLabel}
          disabled={off || !s.inItem}
          unavailable={why}
          pressed={s.fixed}
          onClick={() => chain().toggleLabelFixed().run()}
          text="Fix label"
        />
      </div>
    </div>
  );
}
