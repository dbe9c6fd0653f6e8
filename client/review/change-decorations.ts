import { Decoration } from '@tiptap/pm/view';
import { MARK_LABELS, type SuggestedChange } from '../../shared/api/review.ts';

/**
 * How format and join suggestions show in the text (two cues each, never colour alone): a format
 * change underlines its words with dots and labels them ("Bold", "Not italic"); a join shows a
 * struck pilcrow and "Join" where the paragraph break would go.
 */
export function changeDecorations(change: SuggestedChange, from: number, to: number, id: string, cls: string): Decoration[] {
  // Each decoration carries its suggestion's id (spec.reviewId), so it can be found and replaced alone.
  if (change.type === 'join') return [Decoration.widget(from, () => joinMarker(id, cls), { side: -1, key: `join:${id}:${cls}`, reviewId: id })];
  const label = formatLabel(change);
  return [
    Decoration.inline(from, to, { class: `suggest-format ${cls}`, 'data-review-id': id }, { reviewId: id }),
    Decoration.widget(to, () => formatTag(label, id, cls), { side: 1, key: `format:${id}:${label}:${cls}`, reviewId: id }),
  ];
}

/** "Bold", "Not bold", "Link": what a format suggestion does, in the text and in the panel. */
export function formatLabel(change: Extract<SuggestedChange, { type: 'format' }>): string {
  const name = MARK_LABELS[change.mark];
  return change.action === 'add' ? name : `Not ${name.toLowerCase()}`;
}

function formatTag(label: string, id: string, cls: string): HTMLElement {
  const tag = document.createElement('span');
  tag.className = `suggest-format__label ${cls}`;
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
