import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { documentSchema } from '../../shared/schema/extensions.ts';
import type { Anchor } from '../../shared/api/review.ts';
import type { Role } from '../../shared/roles.ts';
import { addMember, buildDraft, type TestUser } from '../helpers/api.ts';
import { connectSynced, readDraftText, waitFor, type CollabClient } from '../helpers/collab-client.ts';
import type { TestServer } from '../helpers/test-server.ts';

/**
 * Anchors as the editor makes them, built on a test client's copy of the draft: the start sticks
 * to the first character of the range, the end to its last.
 */
export function anchorOn(doc: Y.Doc, words: string, occurrence = 0): Anchor {
  let seen = 0;
  for (const child of textsOf(doc.getXmlFragment('default'))) {
    const text = plainOf(child);
    let at = text.indexOf(words);
    while (at >= 0) {
      if (seen++ === occurrence) {
        return {
          start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(child, at, 0)) as Anchor['start'],
          end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(child, at + words.length, -1)) as Anchor['end'],
        };
      }
      at = text.indexOf(words, at + 1);
    }
  }
  throw new Error(`"${words}" is not in the document`);
}

/** Every XmlText of the document in reading order, nested ones (sub-items, list items) included. */
function textsOf(parent: Y.XmlFragment | Y.XmlElement): Y.XmlText[] {
  return parent.toArray().flatMap((child) => (child instanceof Y.XmlText ? [child] : child instanceof Y.XmlElement ? textsOf(child) : []));
}

/** A point (insertion) anchor just before `words`, or after them with `after`. */
export function pointAt(doc: Y.Doc, words: string, after = false): Anchor {
  const range = anchorOn(doc, words);
  return after ? { start: range.end, end: range.end } : { start: range.start, end: range.start };
}

/** Writes paragraphs into an empty document, as the editor would. */
export function writeParagraphs(doc: Y.Doc, lines: string[]): void {
  doc.transact(() => {
    const fragment = doc.getXmlFragment('default');
    for (const line of lines) {
      const p = new Y.XmlElement('paragraph');
      fragment.insert(fragment.length, [p]);
      const t = new Y.XmlText();
      p.insert(0, [t]);
      t.insert(0, line);
    }
  });
}

/** An XmlText's characters, formatting dropped. */
export function plainOf(text: Y.XmlText): string {
  let s = '';
  for (const op of text.toDelta() as Array<{ insert?: unknown }>) if (typeof op.insert === 'string') s += op.insert;
  return s;
}

/**
 * A fresh draft of `coordinator` with `members` added, its text `lines` written by the
 * coordinator's synced client (kept open, for anchors) and present on the server.
 */
export async function seededDraft(
  server: TestServer,
  coordinator: TestUser,
  members: Array<[TestUser, Role]>,
  lines: string[],
): Promise<{ draftId: string; client: CollabClient }> {
  const draftId = await buildDraft(server, coordinator.cookie);
  for (const [user, role] of members) await addMember(server, coordinator.cookie, draftId, user.email, role);
  const client = await connectSynced(server, coordinator.cookie, draftId, { hello: true });
  writeParagraphs(client.doc, lines);
  await waitFor(async () => (await readDraftText(server, coordinator.cookie, draftId)) === lines.join('\n'), 10_000, 'the seed text');
  return { draftId, client };
}

/** A client's copy of the draft as a ProseMirror document, checked against the schema. */
export function pmDoc(doc: Y.Doc) {
  const node = documentSchema().nodeFromJSON(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment('default')));
  node.check();
  return node;
}

/** The server's copy of the draft, all text of every node (nested ones included), read by a fresh client. */
export async function serverDocText(server: TestServer, cookie: string, draftId: string): Promise<string> {
  const fresh = await connectSynced(server, cookie, draftId);
  try {
    return pmDoc(fresh.doc).textContent;
  } finally {
    fresh.destroy();
  }
}

/** Replaces the draft's content by a ProseMirror document (as JSON) written through `client`, and waits for the server to have it. */
export async function replaceDraftContent(server: TestServer, cookie: string, draftId: string, client: CollabClient, content: unknown[], lastWords: string): Promise<void> {
  const fragment = client.doc.getXmlFragment('default');
  client.doc.transact(() => fragment.delete(0, fragment.length));
  prosemirrorJSONToYXmlFragment(documentSchema(), { type: 'doc', content }, fragment);
  await waitFor(async () => (await serverDocText(server, cookie, draftId)).includes(lastWords), 5000, 'the content on the server');
}
