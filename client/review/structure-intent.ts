import type { Fragment } from '@tiptap/pm/model';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { ReplaceAroundStep, ReplaceStep } from '@tiptap/pm/transform';
import { INSERTABLE_BLOCKS, type StructureAction } from '../../shared/api/review.ts';
import { CL } from '../../shared/schema/control-list/index.ts';
import { ancestor } from '../../shared/schema/control-list/tree.ts';

/**
 * What a structure command meant, read from the transaction it made (as format-intent.ts does for
 * marks): in Suggesting mode that transaction is not applied, and the intent becomes a suggestion.
 * So the toolbar buttons and their shortcuts (Ctrl+Alt+E, Tab, Ctrl+Alt+2…) suggest without each
 * knowing about review.
 *
 * - a new block: the transaction only inserts whole entries, sub-items, notes or definitions at
 *   one point between blocks (insertEntry, insertSubItem, insertNote, insertDefinition);
 * - a block type: a paragraph became a heading, or back, or changed level;
 * - nesting: the sub-item the caret is in moved one level in (Tab) or out (Shift+Tab).
 * Anything else (lists, quotes, fixed labels) is not recognised and stays a command that Suggesting
 * mode refuses.
 */
export type StructureIntent =
  | {
      type: 'insertBlock';
      /** The point between blocks where the new blocks go. */
      at: number;
      content: Fragment;
      /** Where the command put the selection, as offsets into `content` (the identifier it selected, say). */
      selection: { from: number; to: number };
    }
  | { type: 'structure'; action: StructureAction; at: number };

const INSERTABLE: readonly string[] = INSERTABLE_BLOCKS;

export function structureIntent(state: EditorState, tr: Transaction): StructureIntent | undefined {
  if (tr.steps.length === 0) return undefined;
  return blockInsertion(tr) ?? blockTypeChange(state, tr) ?? nesting(state, tr);
}

function blockInsertion(tr: Transaction): StructureIntent | undefined {
  const [step] = tr.steps;
  if (tr.steps.length !== 1 || !(step instanceof ReplaceStep)) return undefined;
  const { from, to, slice } = step;
  if (from !== to || slice.openStart !== 0 || slice.openEnd !== 0 || slice.content.childCount === 0) return undefined;
  let onlyBlocks = true;
  slice.content.forEach((node) => {
    if (!INSERTABLE.includes(node.type.name)) onlyBlocks = false;
  });
  if (!onlyBlocks) return undefined;
  const size = slice.content.size;
  const clamp = (n: number) => Math.min(size, Math.max(0, n - from));
  return { type: 'insertBlock', at: from, content: slice.content, selection: { from: clamp(tr.selection.from), to: clamp(tr.selection.to) } };
}

const TYPES: Record<string, StructureAction> = { paragraph: 'paragraph', 'heading:1': 'heading1', 'heading:2': 'heading2', 'heading:3': 'heading3' };
const typeKey = (name: string, level: unknown) => (name === 'heading' ? `heading:${String(level)}` : name);

function blockTypeChange(state: EditorState, tr: Transaction): StructureIntent | undefined {
  if (!tr.steps.every((s) => s instanceof ReplaceAroundStep)) return undefined;
  const { $from, $to } = state.selection;
  if ($from.parent !== $to.parent) return undefined;
  const before = $from.parent;
  const after = tr.doc.resolve(tr.mapping.map($from.pos)).parent;
  const was = TYPES[typeKey(before.type.name, before.attrs.level)];
  const action = TYPES[typeKey(after.type.name, after.attrs.level)];
  if (!was || !action || was === action || before.textContent !== after.textContent) return undefined;
  return { type: 'structure', action, at: $from.pos };
}

function nesting(state: EditorState, tr: Transaction): StructureIntent | undefined {
  const before = ancestor(state.selection.$from, [CL.subItem]);
  const after = ancestor(tr.selection.$from, [CL.subItem]);
  if (!before || !after || before.node.firstChild?.textContent !== after.node.firstChild?.textContent) return undefined;
  if (after.depth === before.depth) return undefined;
  return { type: 'structure', action: after.depth > before.depth ? 'nest' : 'unnest', at: state.selection.from };
}
