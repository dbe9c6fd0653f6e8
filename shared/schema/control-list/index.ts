import type { AnyExtension } from '@tiptap/core';
import { ClEntry, ClHeading, ClIdentifier } from './entry.ts';
import { ClDefinition } from './definition.ts';
import { ClNote } from './note.ts';
import { ClCategory, ClDefinitions, ClGroup } from './sections.ts';
import { ClSubItem, ClText } from './sub-item.ts';

export { CL, NOTE_KINDS, noteCaption, type ClNodeName, type NoteKindAttr } from './names.ts';
export { newUid } from './uid.ts';

/**
 * The control-list nodes of the document schema (see names.ts for the shape). renderHTML only,
 * no node views, so the server builds the same schema without a DOM.
 */
export function controlListNodes(): AnyExtension[] {
  return [ClCategory, ClGroup, ClEntry, ClIdentifier, ClHeading, ClSubItem, ClText, ClNote, ClDefinitions, ClDefinition];
}
