import { updateYFragment } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import type { PmNodeJSON } from '../../shared/api/versions.ts';
import { DOCUMENT_FRAGMENT, documentSchema } from '../../shared/schema/extensions.ts';

/**
 * Checks that a version's content is a valid document of today's schema (content written straight
 * into Yjs, bypassing the editor, may not be) and returns the ProseMirror node.
 */
export function restorableNode(content: PmNodeJSON) {
  const node = documentSchema().nodeFromJSON(content);
  // A version saved before anyone wrote (a draft created with only a title) has no blocks, which
  // the schema does not allow in a live document: restoring it means one empty paragraph.
  if (node.childCount === 0) {
    const filled = node.type.createAndFill(node.attrs);
    if (filled) return filled;
  }
  node.check();
  return node;
}

/**
 * Turns the live fragment into `content` with the smallest edits y-prosemirror's diff finds:
 * blocks and text that did not change are left alone, so edits others make concurrently to them
 * survive, and the change is a forward edit — nothing in the history is erased or rewritten.
 * Must run inside DraftRoom.applyServerChange (one transaction, attributed, broadcast, stored).
 */
export function transformInto(doc: Y.Doc, content: PmNodeJSON): void {
  updateYFragment(doc, doc.getXmlFragment(DOCUMENT_FRAGMENT), restorableNode(content), { mapping: new Map(), isOMark: new Map() });
}
