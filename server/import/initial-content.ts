import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import type { DraftId, UserId } from '../../shared/ids.ts';
import { DOCUMENT_FRAGMENT, documentSchema } from '../../shared/schema/extensions.ts';
import type { PMJSON } from '../../shared/domain/to-prosemirror.ts';
import type { DocRegistry } from '../collab/doc-registry.ts';

/**
 * Checks that `json` is a valid document of the shared schema; throws a RangeError otherwise.
 * Called before a draft is created, so a bad document never leaves a half-made draft behind.
 */
export function validateDocument(json: PMJSON): void {
  documentSchema().nodeFromJSON(json).check();
}

/**
 * Writes the starting content of a NEW, empty draft as its first update, attributed to its
 * creator, and resolves once it is committed. This initialises an empty document before anyone
 * connects; it is never used to rebuild a live one (security.md §4).
 */
export function writeInitialContent(registry: DocRegistry, draftId: DraftId, userId: UserId, json: PMJSON): Promise<void> {
  const schema = documentSchema();
  return registry
    .open(draftId)
    .applyServerChange(userId, (doc) => prosemirrorJSONToYXmlFragment(schema, json, doc.getXmlFragment(DOCUMENT_FRAGMENT)));
}
