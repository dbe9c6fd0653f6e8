import { Fragment, type Node as PmNode } from '@tiptap/pm/model';
import { Decoration } from '@tiptap/pm/view';
import { BLOCK_LABELS, MARK_LABELS, STRUCTURE_LABELS, type SuggestedChange } from '../../shared/api/review.ts';
import type { PmNodeJSON } from '../../shared/api/versions.ts';
import { CL } from '../../shared/schema/control-list/index.ts';
import { ancestor } from '../../shared/schema/control-list/tree.ts';
import { renderGhost } from './ghost-block.ts';

/** Who made a suggestion and where it is, for the labels drawn with it. */
export interface ChangeContext {
  doc: PmNode;
  /** "suggested by Lee" or, for one's own block being typed, "your suggestion". */
  byline: string;
  /** The caret of a ghost block its author is typing into. */
  caret?: { from: number; to: number } | undefined;
}

/**
 * How non-text suggestions show in the text (two cues each, never colour alone): a format change
 * underlines its words with dots and labels them ("Bold", "Not italic"); a join shows a struck
 * pilcrow and "Join" where the paragraph break would go; a new block shows as a ghost of itself,
 * framed and labelled ("New entry — suggested by …"); a structure change outlines its block with a
 * label ("Heading 2 — suggested by …"). Each decoration carries its suggestion's id (spec.reviewId),
 * so it can be found and replaced alone.
 */
export function changeDecorations(change: SuggestedChange, from: number, to: number, id: string, cls: string, context: ChangeContext): Decoration[] {
  switch (change.type) {
    case 'join':
      return [Decoration.widget(from, () => joinMarker(id, cls), { side: -1, key: `join:${id}:${cls}`, reviewId: id })];
    case 'insertBlock':
      return ghostDecoration(change.content, from, id, cls, context);
    case 'structure':
      return structureDecorations(change.action, from, id, cls, context);
    case 'format': {
      const label = formatLabel(change);
      return [
        Decoration.inline(from, to, { class: `suggest-format ${cls}`, 'data-review-id': id }, { reviewId: id }),
        Decoration.widget(to, () => labelTag('suggest-format__label', label, id, cls), { side: 1, key: `format:${id}:${label}:${cls}`, reviewId: id }),
      ];
    }
  }
}

/** "Bold", "Not bold", "Link": what a format suggestion does, in the text and in the panel. */
export function formatLabel(change: Extract<SuggestedChange, { type: 'format' }>): string {
  const name = MARK_LABELS[change.mark];
  return change.action === 'add' ? name : `Not ${name.toLowerCase()}`;
}

/** "New entry", "New sub-item and …": what a block suggestion inserts. */
export function blockLabel(content: ReadonlyArray<{ type: string }>): string {
  const names = content.map((n) => BLOCK_LABELS[n.type as keyof typeof BLOCK_LABELS] ?? 'New block');
  return names.length > 1 ? `${names[0] ?? ''} and ${names.slice(1).map((n) => n.toLowerCase()).join(', ')}` : (names[0] ?? 'New block');
}

/** The text of suggested blocks, a line per textblock joined by " · " (for the panel). */
export function blockSummary(content: ReadonlyArray<PmNodeJSON>): string {
  const lines: string[] = [];
  const walk = (n: PmNodeJSON): string => (n.text ?? '') + (n.content ?? []).map((c) => (c.text !== undefined ? c.text : (walkBlock(c), ''))).join('');
  const walkBlock = (n: PmNodeJSON) => {
    const own = walk(n);
    if (own.trim()) lines.push(own.trim());
  };
  content.forEach(walkBlock);
  return lines.join(' · ');
}

function ghostDecoration(json: ReadonlyArray<unknown>, at: number, id: string, cls: string, context: ChangeContext): Decoration[] {
  let content: Fragment;
  try {
    content = Fragment.fromArray(json.map((n) => context.doc.type.schema.nodeFromJSON(n)));
  } catch {
    return []; // not of this schema: the panel still lists it, and the server would refuse it
  }
  const names: Array<{ type: string }> = [];
  content.forEach((n) => names.push({ type: n.type.name }));
  const label = `${blockLabel(names)} — ${context.byline}`;
  const caretKey = context.caret ? `${context.caret.from}-${context.caret.to}` : '';
  return [
    Decoration.widget(at, () => ghostWidget(content, label, id, cls, context.caret), {
      side: -1,
      key: `block:${id}:${cls}:${caretKey}:${JSON.stringify(json)}`,
      ignoreSelection: true,
      reviewId: id,
    }),
  ];
}

function ghostWidget(content: Fragment, label: string, id: string, cls: string, caret: ChangeContext['caret']): HTMLElement {
  const box = document.createElement('div');
  box.className = `suggest-block ${cls}`;
  box.dataset.reviewId = id;
  box.contentEditable = 'false';
  const tag = document.createElement('div');
  tag.className = 'suggest-block__label';
  tag.textContent = label;
  box.append(tag, renderGhost(content, caret));
  return box;
}

/** The block a structure change applies to: the sub-item for nesting, else the textblock. */
function structureDecorations(action: keyof typeof STRUCTURE_LABELS, at: number, id: string, cls: string, context: ChangeContext): Decoration[] {
  const $at = context.doc.resolve(at);
  const item = action === 'nest' || action === 'unnest' ? ancestor($at, [CL.subItem]) : null;
  const from = item ? item.pos : $at.depth > 0 ? $at.before() : undefined;
  if (from === undefined) return [];
  const node = context.doc.nodeAt(from);
  if (!node) return [];
  const label = `${STRUCTURE_LABELS[action]} — ${context.byline}`;
  return [
    Decoration.node(from, from + node.nodeSize, { class: `suggest-structure ${cls}`, 'data-review-id': id }, { reviewId: id }),
    Decoration.widget(item ? from + 2 : from + 1, () => labelTag('suggest-structure__label', label, id, cls), { side: -1, key: `structure:${id}:${label}:${cls}`, reviewId: id }),
  ];
}

/** A small label drawn in the text beside a suggestion ("Bold", "Heading 2 — suggested by …"). */
function labelTag(className: string, label: string, id: string, cls: string): HTMLElement {
  const tag = document.createElement('span');
  tag.className = `${className} ${cls}`;
  tag.dataset.reviewId = id;
  tag.contentEditable = 'false';
  tag.textContent = label;
  return tag;
}

function joinMarker(id: string, cls: string): HTMLElement {
  const mark = document.createElement('span');
  mark.className = `suggest-join ${cls}`;
  mark.dataset.reviewId = id;
  mark.contentEditable = 'false';
  mark.title = 'Suggested: join this paragraph to the one before';
  const pilcrow = document.createElement('s');
  pilcrow.textContent = '¶';
  mark.append(pilcrow, ' Join');
  return mark;
}
