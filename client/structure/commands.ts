import { Extension, type CommandProps } from '@tiptap/core';
import type { Fragment} from '@tiptap/pm/model';
import { type Node as PMNode, type NodeType, type ResolvedPos, type Schema } from '@tiptap/pm/model';
import { Selection, TextSelection, type Transaction } from '@tiptap/pm/state';
import { CL, newUid, type NoteKindAttr } from '../../shared/schema/control-list/index.ts';
import { ancestor, afterLast, type Found } from '../../shared/schema/control-list/tree.ts';
import { nextIdentifier } from './next-identifier.ts';
import { liftSubItem as liftStep, sinkSubItem as sinkStep } from '../../shared/schema/control-list/structural-edits.ts';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    structure: {
      /** Inserts a control entry after the current block, its identifier suggested and selected. */
      insertEntry: () => ReturnType;
      /** Inserts a sub-item after the current one, or as the last sub-item of the entry, note or definition. */
      insertSubItem: () => ReturnType;
      /** Appends a Note, Technical Note or N.B. to the current entry or definition. */
      insertNote: (kind: NoteKindAttr) => ReturnType;
      /** Inserts a definition in the Definitions section (creating the section if needed). */
      insertDefinition: () => ReturnType;
      /** Nests the current sub-item under the one before it (Tab). */
      sinkSubItem: () => ReturnType;
      /** Moves the current sub-item one level out (Shift-Tab). */
      liftSubItem: () => ReturnType;
      /** Keeps the current sub-item's label as it is, or lets it follow the numbering again. */
      toggleLabelFixed: () => ReturnType;
    };
  }
}

/** A node type of the schema; a missing one is a bug in the schema, not an input problem. */
function typeOf(schema: Schema, name: string): NodeType {
  const type = schema.nodes[name];
  if (!type) throw new RangeError(`The schema has no node type ${name}`);
  return type;
}

const OWNERS = [CL.subItem, CL.note, CL.entry, CL.definition] as const;

function subItemNode(schema: Schema, content?: Fragment): PMNode {
  return typeOf(schema, CL.subItem).create({ uid: newUid(), label: '', labelFixed: false }, [
    typeOf(schema, CL.text).create(null, content),
  ]);
}

function textNode(schema: Schema, type: string, text: string): PMNode {
  return typeOf(schema, type).create(null, text === '' ? null : schema.text(text));
}

/** Puts the cursor into the first textblock at or after `pos`. */
function cursorInto(tr: Transaction, pos: number): Transaction {
  return tr.setSelection(Selection.near(tr.doc.resolve(pos), 1));
}

/** Splits at `$from`: the rest of its block moves into `item`, inserted right after the block. */
function moveRestIntoNewSubItem(tr: Transaction, $from: ResolvedPos, item: PMNode): void {
  const at = $from.after();
  tr.delete($from.pos, $from.end());
  const mapped = tr.mapping.map(at);
  tr.insert(mapped, item);
  cursorInto(tr, mapped + 2);
}

function insertEntry({ state, tr, dispatch }: CommandProps): boolean {
  const { schema, selection } = state;
  const $from = selection.$from;
  const at = $from.depth >= 1 ? $from.after(1) : selection.to;
  // The identifier of the entry above, to suggest the next one.
  let previous: string | null = null;
  state.doc.nodesBetween(0, at, (node) => {
    if (node.type.name === CL.entry) previous = node.firstChild?.textContent ?? null;
    return node.type.name !== CL.entry && node.isBlock && !node.isTextblock;
  });
  const identifier = nextIdentifier(previous);
  const entry = typeOf(schema, CL.entry).create({ uid: newUid() }, [
    textNode(schema, CL.identifier, identifier),
    textNode(schema, CL.heading, ''),
  ]);
  if (dispatch) {
    tr.insert(at, entry);
    tr.setSelection(TextSelection.create(tr.doc, at + 2, at + 2 + identifier.length)).scrollIntoView();
  }
  return true;
}

function insertSubItem({ state, tr, dispatch }: CommandProps): boolean {
  const owner = ancestor(state.selection.$from, OWNERS);
  if (!owner) return false;
  const at = owner.node.type.name === CL.subItem ? owner.pos + owner.node.nodeSize : afterLast(owner, [CL.subItem, CL.identifier, CL.heading, CL.text]);
  if (dispatch) {
    tr.insert(at, subItemNode(state.schema));
    cursorInto(tr, at + 2).scrollIntoView();
  }
  return true;
}

function insertNote(kind: NoteKindAttr) {
  return ({ state, tr, dispatch }: CommandProps): boolean => {
    const owner = ancestor(state.selection.$from, [CL.entry, CL.definition]);
    if (!owner) return false;
    const at = owner.pos + owner.node.nodeSize - 1;
    const note = typeOf(state.schema, CL.note).create({ uid: newUid(), kind, number: null }, [textNode(state.schema, CL.text, '')]);
    if (dispatch) {
      tr.insert(at, note);
      cursorInto(tr, at + 2).scrollIntoView();
    }
    return true;
  };
}

function insertDefinition({ state, tr, dispatch }: CommandProps): boolean {
  const { schema, doc } = state;
  const $from = state.selection.$from;
  const current = $from.depth >= 1 ? $from.node(1) : null;
  let at: number;
  let needsHeading = false;
  if (current && (current.type.name === CL.definition || current.type.name === CL.definitions)) {
    at = $from.after(1);
  } else {
    // After the last definition, or a new Definitions section at the end of the draft.
    at = -1;
    let hasSection = false;
    doc.forEach((node, offset) => {
      if (node.type.name === CL.definitions) hasSection = true;
      if (node.type.name === CL.definition || node.type.name === CL.definitions) at = offset + node.nodeSize;
    });
    needsHeading = !hasSection;
    if (at < 0) at = doc.content.size;
  }
  const term = 'Term';
  const def = typeOf(schema, CL.definition).create({ uid: newUid() }, [textNode(schema, CL.text, `"${term}" () means `)]);
  if (dispatch) {
    const nodes = needsHeading ? [textNode(schema, CL.definitions, 'Definitions'), def] : [def];
    tr.insert(at, nodes);
    const defPos = at + (needsHeading ? (nodes[0]?.nodeSize ?? 0) : 0);
    tr.setSelection(TextSelection.create(tr.doc, defPos + 3, defPos + 3 + term.length)).scrollIntoView();
  }
  return true;
}

function currentSubItem(state: CommandProps['state']): Found | null {
  const found = ancestor(state.selection.$from, [CL.subItem]);
  return found && ancestor(state.selection.$to, [CL.subItem])?.pos === found.pos ? found : null;
}

function sinkSubItem({ state, tr, dispatch }: CommandProps): boolean {
  const item = currentSubItem(state);
  if (!item) return false;
  if (dispatch) {
    const shift = sinkStep(tr, item.pos);
    if (shift !== undefined) tr.setSelection(TextSelection.create(tr.doc, state.selection.from + shift, state.selection.to + shift));
  }
  return true; // with nothing to nest under, Tab keeps the focus here
}

/** Lifts `item` out of its parent sub-item (see liftSubItem in structural-edits.ts), carrying the selection. */
function lift(tr: Transaction, item: Found, selFrom: number, selTo: number): boolean {
  const shift = liftStep(tr, item.pos);
  if (shift === undefined) return false;
  tr.setSelection(TextSelection.create(tr.doc, selFrom + shift, selTo + shift));
  return true;
}

function liftSubItem({ state, tr, dispatch }: CommandProps): boolean {
  const item = currentSubItem(state);
  if (!item) return false;
  if (!dispatch) return true;
  lift(tr, item, state.selection.from, state.selection.to);
  return true; // at the top level there is nowhere to go, but Shift-Tab stays in the text
}

function toggleLabelFixed({ state, tr, dispatch }: CommandProps): boolean {
  const item = ancestor(state.selection.$from, [CL.subItem]);
  if (!item) return false;
  if (dispatch) tr.setNodeAttribute(item.pos, 'labelFixed', item.node.attrs.labelFixed !== true);
  return true;
}

/**
 * Enter inside the structure: from an identifier to its heading; from a heading, note or
 * definition line to a new first sub-item; in a sub-item, a new sibling after it (taking the text
 * after the cursor); on an empty sub-item, one level out, or out of the list at the top.
 */
function enter({ state, tr, dispatch }: CommandProps): boolean {
  const { $from, empty } = state.selection;
  if (!empty) return false;
  const block = $from.parent;
  const name = block.type.name;
  if (name === CL.identifier) {
    if (dispatch) cursorInto(tr, $from.after() + 1);
    return true;
  }
  const rest = block.content.cut($from.parentOffset);
  if (name === CL.heading) {
    if (dispatch) moveRestIntoNewSubItem(tr, $from, subItemNode(state.schema, rest));
    return true;
  }
  if (name !== CL.text) return false;
  const owner = ancestor($from, [CL.subItem, CL.note, CL.definition]);
  if (!owner) return false;
  if (owner.node.type.name !== CL.subItem) {
    if (dispatch) moveRestIntoNewSubItem(tr, $from, subItemNode(state.schema, rest));
    return true;
  }
  if (block.content.size === 0 && owner.node.childCount === 1) {
    if (dispatch && !lift(tr, owner, $from.pos, $from.pos)) {
      // A top-level empty sub-item: leave the list with a paragraph after the entry.
      const unitEnd = $from.after(1);
      tr.delete(owner.pos, owner.pos + owner.node.nodeSize);
      const at = tr.mapping.map(unitEnd);
      tr.insert(at, typeOf(state.schema, 'paragraph').create());
      cursorInto(tr, at + 1);
    }
    return true;
  }
  if (dispatch) {
    const at = owner.pos + owner.node.nodeSize;
    tr.delete($from.pos, $from.end());
    const mapped = tr.mapping.map(at);
    tr.insert(mapped, subItemNode(state.schema, rest));
    cursorInto(tr, mapped + 2);
  }
  return true;
}

/** Backspace at the start of a childless sub-item joins its text to the text before it. */
function backspace({ state, tr, dispatch }: CommandProps): boolean {
  const { $from, empty } = state.selection;
  if (!empty || $from.parentOffset !== 0 || $from.parent.type.name !== CL.text) return false;
  const item = ancestor($from, [CL.subItem]);
  if (!item || item.node.childCount !== 1) return false;
  const before = Selection.findFrom(state.doc.resolve(item.pos), -1, true);
  if (!before || !(before instanceof TextSelection)) return false;
  if (dispatch) {
    const target = before.$from.end();
    tr.delete(item.pos, item.pos + item.node.nodeSize);
    tr.insert(target, $from.parent.content);
    tr.setSelection(TextSelection.create(tr.doc, target));
  }
  return true;
}

/**
 * The control-list writing commands and their keys. Runs before the default keymaps so Enter,
 * Tab and Backspace inside the structure do what drafters of these lists expect.
 */
export const StructureCommands = Extension.create({
  name: 'structureCommands',
  priority: 200,
  addCommands() {
    return {
      insertEntry: () => insertEntry,
      insertSubItem: () => insertSubItem,
      insertNote: (kind) => insertNote(kind),
      insertDefinition: () => insertDefinition,
      sinkSubItem: () => sinkSubItem,
      liftSubItem: () => liftSubItem,
      toggleLabelFixed: () => toggleLabelFixed,
    };
  },
  addKeyboardShortcuts() {
    const c = () => this.editor.commands;
    return {
      'Mod-Alt-e': () => c().insertEntry(),
      'Mod-Alt-i': () => c().insertSubItem(),
      'Mod-Alt-n': () => c().insertNote('note'),
      'Mod-Alt-t': () => c().insertNote('technicalNote'),
      'Mod-Alt-b': () => c().insertNote('nb'),
      'Mod-Alt-d': () => c().insertDefinition(),
      'Mod-Alt-l': () => c().toggleLabelFixed(),
      Tab: () => c().sinkSubItem(),
      'Shift-Tab': () => c().liftSubItem(),
      Enter: () => this.editor.commands.command(enter),
      Backspace: () => this.editor.commands.command(backspace),
    };
  },
});

/** The shortcut of each command, as shown on its button. */
export const STRUCTURE_SHORTCUTS = {
  entry: 'Alt+E',
  subItem: 'Alt+I',
  note: 'Alt+N',
  technicalNote: 'Alt+T',
  nb: 'Alt+B',
  definition: 'Alt+D',
  fixLabel: 'Alt+L',
} as const;
