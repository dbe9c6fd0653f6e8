import { REDLINE_DELETE_MARK, REDLINE_FORMAT_MARK, REDLINE_INSERT_MARK } from '../../shared/schema/redline.ts';
import { CL, noteCaption, NOTE_KINDS, type NoteKindAttr } from '../../shared/schema/control-list/index.ts';
import type { ProseMirrorJSON } from '../../shared/schema/canonical-text.ts';
import type { ContainerRole, SectionRole } from './model.ts';

/**
 * How each node type of the document schema is exported. This table is the one place that knows
 * editor node names; tests/integration/export-schema.test.ts walks `documentSchema()` and fails
 * for any node or mark missing here, so nothing a draft can hold silently disappears from an
 * export. When a node type is added to shared/schema/extensions.ts, add its line here.
 */
export type NodeRendering =
  | { as: 'document' }
  | { as: 'paragraph' }
  | { as: 'heading'; level?: number; section?: SectionRole }
  | { as: 'list'; ordered: boolean }
  | { as: 'listItem' }
  | { as: 'quote' }
  | { as: 'text' }
  | { as: 'break' }
  | {
      as: 'container';
      role: (node: ProseMirrorJSON) => ContainerRole;
      /** The identifier or label from the node's attributes, if it has one there. */
      num: (node: ProseMirrorJSON) => string | undefined;
      /** A child node type whose text is the identifier (not repeated as a block). */
      numChild: string | undefined;
      /** Child node types whose text is the container's heading (not repeated as a block). */
      headingChildren: readonly string[];
    };

const noteKind = (node: ProseMirrorJSON): NoteKindAttr => {
  const kind = node.attrs?.kind;
  return NOTE_KINDS.find((k) => k === kind) ?? 'note';
};
const none = (): undefined => undefined;

export const NODE_RENDERINGS: Readonly<Record<string, NodeRendering>> = {
  doc: { as: 'document' },
  paragraph: { as: 'paragraph' },
  heading: { as: 'heading' },
  bulletList: { as: 'list', ordered: false },
  orderedList: { as: 'list', ordered: true },
  listItem: { as: 'listItem' },
  blockquote: { as: 'quote' },
  text: { as: 'text' },
  hardBreak: { as: 'break' },
  // Control-list structure (shared/schema/control-list): flat sections at the top level, nested
  // inside an entry. Categories and groups are headings of their own kind (AKN chapter / section).
  [CL.category]: { as: 'heading', level: 1, section: 'category' },
  [CL.group]: { as: 'heading', level: 2, section: 'group' },
  [CL.definitions]: { as: 'heading', level: 1, section: 'definitions' },
  [CL.entry]: { as: 'container', role: () => 'entry', num: none, numChild: CL.identifier, headingChildren: [CL.heading] },
  [CL.subItem]: {
    as: 'container',
    role: () => 'subItem',
    num: (n) => (typeof n.attrs?.label === 'string' && n.attrs.label ? `${n.attrs.label}.` : undefined),
    numChild: undefined,
    headingChildren: [CL.text],
  },
  [CL.note]: {
    as: 'container',
    role: noteKind,
    num: (n) => noteCaption(noteKind(n), typeof n.attrs?.number === 'number' ? n.attrs.number : null),
    numChild: undefined,
    headingChildren: [CL.text],
  },
  [CL.definition]: { as: 'container', role: () => 'definition', num: none, numChild: undefined, headingChildren: [CL.text] },
  // Textblocks that are parts of the containers above; met on their own, they are paragraphs.
  [CL.identifier]: { as: 'paragraph' },
  [CL.heading]: { as: 'paragraph' },
  [CL.text]: { as: 'paragraph' },
};

/** Which run style each mark sets. */
export type MarkRendering = 'bold' | 'italic' | 'underline' | 'strike' | 'link' | 'insert' | 'delete' | 'format';

export const MARK_RENDERINGS: Readonly<Record<string, MarkRendering>> = {
  bold: 'bold',
  italic: 'italic',
  underline: 'underline',
  strike: 'strike',
  link: 'link',
  [REDLINE_INSERT_MARK]: 'insert',
  [REDLINE_DELETE_MARK]: 'delete',
  [REDLINE_FORMAT_MARK]: 'format',
};
