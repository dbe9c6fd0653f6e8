import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import type { PmNodeJSON } from '../../shared/api/versions.ts';
import { DOCUMENT_FRAGMENT } from '../../shared/schema/extensions.ts';

/*
 * Versions are Yjs snapshots (state vector + delete set) of the server's history-keeping document
 * (gc off), stored as deltas (snapshot-chain.ts). A snapshot resolves against the same document
 * after log compaction (which folds updates but keeps every deleted item) and after a restart.
 */

/** The editor's JSON of the document as it is now. */
export function currentContent(doc: Y.Doc): PmNodeJSON {
  return asDoc(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(DOCUMENT_FRAGMENT)));
}

/** The editor's JSON of the document as it was at `snapshot` (a read-only copy; `doc` is untouched). */
export function contentAt(doc: Y.Doc, snapshot: Y.Snapshot): PmNodeJSON {
  const copy = Y.createDocFromSnapshot(doc, snapshot);
  try {
    return currentContent(copy);
  } finally {
    copy.destroy();
  }
}

/** Whether the document changed since `snapshot` was taken. */
export function changedSince(doc: Y.Doc, snapshot: Y.Snapshot): boolean {
  return !Y.equalSnapshots(Y.snapshot(doc), snapshot);
}

function asDoc(json: Record<string, unknown>): PmNodeJSON {
  // y-tiptap returns { type: 'doc', content: [...] }; an empty fragment has no content.
  const content = Array.isArray(json.content) ? (json.content as PmNodeJSON[]) : [];
  return { type: 'doc', content };
}
