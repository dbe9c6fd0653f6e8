import { documentSchema } from './extensions.ts';
import { REDLINE_DELETE_MARK } from './redline.ts';

/**
 * A document as ProseMirror JSON (`node.toJSON()`, or `yXmlFragmentToProsemirrorJSON`). Only the
 * shape is assumed here; which types exist is the schema's business (shared/schema/extensions.ts).
 */
export interface ProseMirrorJSON {
  type: string;
  attrs?: Record<string, unknown>;
  content?: ProseMirrorJSON[];
  text?: string;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
}

/**
 * The canonical text of a document: what its content hash is computed over, so the same words in
 * the same structure always hash the same, whatever the formatting, ids or Yjs history.
 *
 * Definition (versions and exports rely on it; change it only with a migration of stored hashes):
 * one line per textblock of the schema, in document order, NFC-normalised, prefixed by its
 * structure — `# `… for headings (one `#` per level), `> ` per enclosing quote, two spaces per list
 * level then `- ` (bullet) or `N. ` (ordered, counting from the list's start) on the first block of
 * each item and two spaces on its later blocks; a hard break is written as `\n`; lines are joined
 * by `\n`. Formatting (bold, links) is not part of it: the hash certifies words and structure.
 * In a redline, text marked `redlineDelete` and blocks with `attrs.blockChange === 'deleted'` are
 * left out, so a redline hashes as its proposed (new) side.
 */
export function canonicalText(doc: ProseMirrorJSON): string {
  const schema = documentSchema();
  const lines: string[] = [];
  const walk = (node: ProseMirrorJSON, prefix: string, listDepth: number, marker: string | undefined): void => {
    if (node.attrs?.blockChange === 'deleted') return;
    const children = node.content ?? [];
    if (node.type === 'paragraph' || node.type === 'heading' || schema.nodes[node.type]?.isTextblock === true) {
      const level = typeof node.attrs?.level === 'number' ? node.attrs.level : 1;
      const head = node.type === 'heading' ? `${'#'.repeat(level)} ` : '';
      lines.push(`${prefix}${marker ?? ''}${head}${inlineText(children)}`.normalize('NFC'));
      return;
    }
    if (node.type === 'blockquote') {
      for (const c of children) walk(c, `${prefix}> `, listDepth, undefined);
      return;
    }
    if (node.type === 'bulletList' || node.type === 'orderedList') {
      const startAttr = node.attrs?.start;
      let n = typeof startAttr === 'number' ? startAttr : 1;
      for (const item of children) {
        const bullet = node.type === 'bulletList' ? '- ' : `${n++}. `;
        let first = true;
        for (const c of item.content ?? []) {
          walk(c, `${prefix}${'  '.repeat(listDepth)}`, listDepth + 1, first ? bullet : '  ');
          first = false;
        }
      }
      return;
    }
    for (const c of children) walk(c, prefix, listDepth, marker);
  };
  walk(doc, '', 0, undefined);
  return lines.join('\n');
}

function inlineText(nodes: readonly ProseMirrorJSON[]): string {
  let s = '';
  for (const c of nodes) {
    if (c.marks?.some((m) => m.type === REDLINE_DELETE_MARK)) continue;
    if (c.type === 'text') s += c.text ?? '';
    else if (c.type === 'hardBreak') s += '\n';
  }
  return s;
}

/**
 * The content hash of a document: lowercase hex SHA-256 of the UTF-8 bytes of its canonical text.
 * Uses Web Crypto, available in Node 20 and in browsers, so client and server agree.
 */
export async function contentHash(doc: ProseMirrorJSON): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalText(doc));
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
