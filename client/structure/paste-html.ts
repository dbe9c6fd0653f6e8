/**
 * Reads the list structure of pasted HTML into neutral blocks (see shared/domain/pasted-lists.ts):
 * nested `<ol>`/`<ul>`/`<li>` from web pages and editors, and Word's list paragraphs
 * (`class="MsoListParagraph"`, `style="mso-list:l0 level2 lfo1"`, the visible label in a
 * `mso-list:Ignore` span). Only text is taken from the markup; the HTML itself is never inserted,
 * and a DOMParser document runs no script and loads nothing.
 */
import type { LabelKind } from '../../shared/domain/labels.ts';
import type { PastedBlock } from '../../shared/domain/pasted-lists.ts';

const LISTS = new Set(['OL', 'UL']);
const BLOCKS = new Set(['P', 'DIV', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'SECTION', 'ARTICLE', 'MAIN', 'LI', 'TABLE', 'TBODY', 'TR', 'TD', 'TH', 'PRE']);
const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'HEAD', 'TITLE', 'META', 'LINK', 'NOSCRIPT']);
const TYPED_START = /^\s*(\(?(?:a[a-z]|[a-z]|\d{1,2})[.)])\s+/i;
const WORD_LEVEL = /mso-list:\s*\S+\s+level(\d+)/i;

function isElement(node: Node): node is Element {
  return node.nodeType === 1;
}

/** The text of a node without nested lists, with `<br>` as line breaks. */
function ownText(node: Node, skipLists: boolean): string {
  if (node.nodeType === 3) return node.nodeValue ?? '';
  if (!isElement(node) || SKIP.has(node.tagName)) return '';
  if (node.tagName === 'BR') return '\n';
  if (skipLists && LISTS.has(node.tagName)) return '';
  let out = '';
  for (const child of node.childNodes) out += ownText(child, skipLists);
  return out;
}

function numberingOf(list: Element): LabelKind | null {
  const type = list.getAttribute('type');
  if (type === 'a' || type === 'A') return 'letter';
  if (type === '1') return 'number';
  const style = (list.getAttribute('data-style') ?? '').toLowerCase();
  if (/list-style(?:-type)?:[^;]*(?:lower|upper)-(?:alpha|latin)/.test(style)) return 'letter';
  if (/list-style(?:-type)?:[^;]*decimal/.test(style)) return 'number';
  return null;
}

function hasBlockChild(el: Element): boolean {
  for (const child of el.children) if (BLOCKS.has(child.tagName) || LISTS.has(child.tagName)) return true;
  return false;
}

/** A Word list paragraph: its level, the label Word shows in a mso-list:Ignore span, and its text. */
function wordItem(el: Element): PastedBlock | null {
  const style = el.getAttribute('data-style') ?? '';
  const level = WORD_LEVEL.exec(style);
  if (!level && !/MsoListParagraph/i.test(el.getAttribute('class') ?? '')) return null;
  const copy = el.cloneNode(true) as Element;
  let marker: string | null = null;
  for (const span of copy.querySelectorAll('span')) {
    if (!/mso-list:\s*Ignore/i.test(span.getAttribute('data-style') ?? '')) continue;
    marker ??= (span.textContent ?? '').replace(/\s+/g, ' ').trim();
    span.remove();
  }
  return { kind: 'item', level: level ? Number(level[1]) : 1, text: ownText(copy, false), marker: marker || null, numbering: null };
}

function paragraphs(text: string, out: PastedBlock[]): void {
  for (const line of text.split('\n')) out.push({ kind: 'paragraph', text: line });
}

function walkList(list: Element, level: number, out: PastedBlock[]): void {
  const numbering = numberingOf(list);
  for (const li of list.children) {
    if (LISTS.has(li.tagName)) {
      walkList(li, level + 1, out);
      continue;
    }
    if (li.tagName !== 'LI') continue;
    const [first = '', ...rest] = ownText(li, true).split('\n');
    // Pages that hide the list numbers often type the label into the item: "(a) text".
    const typed = TYPED_START.exec(first);
    out.push({ kind: 'item', level, text: typed ? first.slice(typed[0].length) : first, marker: typed?.[1] ?? null, numbering });
    // Lines after a break inside an item continue it, as unlabelled lines do in list text.
    for (const line of rest) if (line.trim() !== '') out.push({ kind: 'paragraph', text: line });
    for (const child of li.querySelectorAll(':scope > ol, :scope > ul, :scope > * > ol, :scope > * > ul')) walkList(child, level + 1, out);
  }
}

function walk(node: Element, out: PastedBlock[]): void {
  // Inline content between blocks (text, <b>, <span> …) reads as one paragraph.
  let inline = '';
  const flush = () => {
    if (inline.trim() !== '') paragraphs(inline, out);
    inline = '';
  };
  for (const child of node.childNodes) {
    if (child.nodeType === 3) {
      inline += child.nodeValue ?? '';
      continue;
    }
    if (!isElement(child) || SKIP.has(child.tagName)) continue;
    const isBlock = BLOCKS.has(child.tagName) || LISTS.has(child.tagName) || hasBlockChild(child);
    if (!isBlock) {
      inline += ownText(child, false);
      continue;
    }
    flush();
    if (LISTS.has(child.tagName)) walkList(child, 1, out);
    else if (hasBlockChild(child)) walk(child, out);
    else {
      const item = child.tagName === 'P' ? wordItem(child) : null;
      if (item) out.push(item);
      else paragraphs(ownText(child, false), out);
    }
  }
  flush();
}

/**
 * The HTML with its style sheets dropped and its style attributes renamed to data-style: parsing
 * inline styles, even in a detached document, breaks the page's CSP (style-src 'self') and is
 * reported as a violation. The renamed attributes still tell Word's list levels.
 */
export function withoutStyles(html: string): string {
  return html.replace(/<style\b[\s\S]*?<\/style\s*>/gi, '').replace(/(<[a-z][^>]*?\s)style(\s*=)/gi, '$1data-style$2');
}

/** The blocks of pasted HTML, in order; see the module comment. */
export function blocksFromHtml(html: string, parser: DOMParser): PastedBlock[] {
  const doc = parser.parseFromString(withoutStyles(html), 'text/html');
  const out: PastedBlock[] = [];
  walk(doc.body, out);
  return out;
}

/** True when the blocks hold list structure that plain text would lose. */
export function hasListMarkup(blocks: readonly PastedBlock[]): boolean {
  return blocks.some((b) => b.kind === 'item');
}
