import * as Y from 'yjs';
import { DOCUMENT_FRAGMENT } from '../../shared/schema/extensions.ts';

/**
 * Where the characters of a provision moved before the draft was loaded went.
 *
 * The rescue (moved-typing-rescue.ts) remembers the moves it saw while the draft was open; typing
 * that reaches a draft loaded again since the move (everyone left, or the server restarted) finds
 * no record, and the document itself does not say which edit deleted what. A provision's identity
 * does survive: every control-list provision (entry, sub-item, note, definition, section) carries
 * a `uid` attribute that a move keeps (the binding copies the block, attributes and all) and that
 * the editor renews when a split or paste duplicates it. So a character in a deleted provision is
 * taken to the one live provision with its uid, into the text at the same place in it, and then
 * to the character it was copied as.
 *
 * That copy's characters were written by one client, in order, from the old text as it stood at
 * the move; the old text also holds characters deleted before the move and typing the mover never
 * saw. So the copy's characters are an in-order selection of the old ones, and a character is
 * mapped only where every such selection agrees (the earliest and the latest one give it the same
 * partner): where it is ambiguous, or the copy was rewritten since, nothing is guessed.
 *
 * Plain paragraphs carry no identity: a deleted paragraph and an identical one elsewhere cannot be
 * told from a move, so they are left alone. Asked only when the rescue's memory has no answer, and
 * does work only for a character in a deleted block, so an ordinary keystroke never pays for it;
 * each deleted text is aligned at most once per transaction.
 */
export interface ProvisionCopies {
  /** The copy of a character in a deleted provision, where it is certain. */
  character(id: Y.ID): Y.ID | undefined;
  /**
   * For typing that was the only text of a block in a deleted provision (no neighbours to be
   * placed by): that block's live copy, if the move copied it empty.
   */
  emptyBlock(text: Y.XmlText): Y.XmlElement | undefined;
}

export function copiesOfMovedProvisions(tr: Y.Transaction): ProvisionCopies {
  const doc = tr.doc;
  // What this transaction brought is what is being placed: it cannot have been copied.
  const beforeThisTransaction = (item: Y.Item) => item.id.clock < (tr.beforeState.get(item.id.client) ?? 0);
  let liveByUid: Map<string, Y.XmlElement[]> | undefined;
  const copyOf = (node: Node) => (node._item?.deleted ? copyAt(node, (liveByUid ??= liveProvisions(doc))) : undefined);
  const alignments = new Map<Y.XmlText, Map<string, Y.ID> | undefined>();
  return {
    character(id) {
      const item = Y.getItem(doc.store, id);
      const text = item.parent;
      if (!(text instanceof Y.XmlText) || !(item.content instanceof Y.ContentString)) return undefined;
      if (!alignments.has(text)) {
        const copy = copyOf(text);
        alignments.set(text, copy?.node instanceof Y.XmlText ? align(text, copy.node, copy.client, beforeThisTransaction) : undefined);
      }
      return alignments.get(text)?.get(key(id.client, id.clock));
    },
    emptyBlock(text) {
      const block: unknown = text._item?.parent;
      const copy = block instanceof Y.XmlElement ? copyOf(block as Y.XmlElement) : undefined;
      if (!(copy?.node instanceof Y.XmlElement)) return undefined;
      const { node, client } = copy;
      const copied = childrenOf(node, false).some((child) => child instanceof Y.XmlText && charactersOf(child, (item) => item.id.client === client).length > 0);
      return copied ? undefined : node;
    },
  };
}

const key = (client: number, clock: number) => `${client}:${clock}`;

/** A `uid` attribute, read from the item that holds it: a deleted element's attributes are deleted with it. */
function uidOf(element: Y.XmlElement): string | undefined {
  const holder = element._map.get('uid');
  const value: unknown = holder?.content.getContent()[0];
  return typeof value === 'string' ? value : undefined;
}

/** Every live element with a uid, by uid (duplicates kept: they make a uid ambiguous). */
function liveProvisions(doc: Y.Doc): Map<string, Y.XmlElement[]> {
  const byUid = new Map<string, Y.XmlElement[]>();
  const visit = (parent: Y.XmlFragment | Y.XmlElement) => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      const uid = uidOf(child);
      if (uid !== undefined) byUid.set(uid, [...(byUid.get(uid) ?? []), child]);
      visit(child);
    }
  };
  visit(doc.getXmlFragment(DOCUMENT_FRAGMENT));
  return byUid;
}

type Node = Y.XmlElement | Y.XmlText;
const nameOf = (node: Node) => (node instanceof Y.XmlText ? '#text' : node.nodeName);

/** The children of an element; a deleted one's with everything it held, a live one's as they stand. */
function childrenOf(element: Y.XmlElement, live: boolean): Node[] {
  const children: Node[] = [];
  for (let n = element._start; n; n = n.right) {
    if (live && n.deleted) continue;
    const type = n.content instanceof Y.ContentType ? n.content.type : undefined;
    if (type instanceof Y.XmlElement || type instanceof Y.XmlText) children.push(type);
  }
  return children;
}

/** The only child named `name`; undefined if there is none or more than one (no place to be sure of). */
function onlyChild(element: Y.XmlElement, name: string, live: boolean): Node | undefined {
  const named = childrenOf(element, live).filter((child) => nameOf(child) === name);
  return named.length === 1 ? named[0] : undefined;
}

/**
 * The live node at the same place as a deleted `node`: under the one live provision with the uid of
 * the provision it is (or is in), reached by the same names (each the only one of its name); and
 * the client that wrote that provision (its copy's characters are that client's).
 */
function copyAt(node: Node, liveByUid: Map<string, Y.XmlElement[]>): { node: Node; client: number } | undefined {
  const path: string[] = [];
  let at: Node = node;
  let uid = at instanceof Y.XmlElement ? uidOf(at) : undefined;
  while (uid === undefined) {
    const above: unknown = at._item?.parent;
    if (!(above instanceof Y.XmlElement)) return undefined;
    const parent = above as Y.XmlElement;
    if (onlyChild(parent, nameOf(at), false) !== at) return undefined;
    path.unshift(nameOf(at));
    uid = uidOf(parent);
    at = parent;
  }
  const holders = liveByUid.get(uid) ?? [];
  const holder = holders[0];
  if (holders.length !== 1 || !holder || holder === at || !holder._item) return undefined;
  let copy: Node | undefined = holder;
  for (const name of path) copy = copy instanceof Y.XmlElement ? onlyChild(copy, name, true) : undefined;
  return copy ? { node: copy, client: holder._item.id.client } : undefined;
}

/** Each character of a text's string items that `keep` accepts, deleted or not, in order. */
function charactersOf(text: Y.XmlText, keep: (item: Y.Item) => boolean): Array<{ id: Y.ID; char: string }> {
  const chars: Array<{ id: Y.ID; char: string }> = [];
  for (let n = text._start; n; n = n.right) {
    if (!(n.content instanceof Y.ContentString) || !keep(n)) continue;
    const str = n.content.str;
    for (let i = 0; i < str.length; i++) chars.push({ id: Y.createID(n.id.client, n.id.clock + i), char: str.charAt(i) });
  }
  return chars;
}

/**
 * Old characters (those `old` keeps) to their copies, for those every in-order matching of the
 * copy's characters (written by `client`) into the old text agrees on; undefined if the copy does
 * not match at all.
 */
function align(old: Y.XmlText, copy: Y.XmlText, client: number, kept: (item: Y.Item) => boolean): Map<string, Y.ID> | undefined {
  const from = charactersOf(old, kept);
  const to = charactersOf(copy, (item) => item.id.client === client);
  if (to.length === 0) return undefined;
  // Earliest matching: each copied character at the first old one that fits.
  const earliest: number[] = [];
  for (let i = 0, j = 0; j < to.length; j++, i++) {
    while (i < from.length && from[i]?.char !== to[j]?.char) i++;
    if (i >= from.length) return undefined;
    earliest.push(i);
  }
  // Latest matching, from the end.
  const latest: number[] = new Array<number>(to.length);
  for (let i = from.length - 1, j = to.length - 1; j >= 0; j--, i--) {
    while (i >= 0 && from[i]?.char !== to[j]?.char) i--;
    latest[j] = i;
  }
  const copies = new Map<string, Y.ID>();
  to.forEach(({ id }, j) => {
    const at = earliest[j];
    const source = at !== undefined && at === latest[j] ? from[at] : undefined;
    if (source) copies.set(key(source.id.client, source.id.clock), id);
  });
  return copies;
}
