import type { Transaction } from '@tiptap/pm/state';
import { AddMarkStep, RemoveMarkStep } from '@tiptap/pm/transform';
import { SUGGESTIBLE_MARKS, type FormatChange } from '../../shared/api/review.ts';

/**
 * What a formatting command meant, read from the transaction it made: Bold, Italic, a link… on
 * the selection, from the toolbar or a shortcut. In Suggesting mode that transaction is not
 * applied; the intent becomes a format suggestion instead, so every formatting path (buttons,
 * Ctrl+B, the link form) suggests without each knowing about review.
 *
 * Only a transaction made purely of steps adding or removing one kind of mark counts (setting a
 * link removes the old link first); anything else is not formatting.
 */
export function formatIntent(tr: Transaction): { change: FormatChange; from: number; to: number } | undefined {
  let added: AddMarkStep | undefined;
  let type: string | undefined;
  let from = Infinity;
  let to = -Infinity;
  for (const step of tr.steps) {
    if (!(step instanceof AddMarkStep || step instanceof RemoveMarkStep)) return undefined;
    if (type !== undefined && step.mark.type.name !== type) return undefined;
    type = step.mark.type.name;
    if (step instanceof AddMarkStep) added = step;
    from = Math.min(from, step.from);
    to = Math.max(to, step.to);
  }
  const mark = SUGGESTIBLE_MARKS.find((m) => m === type);
  if (!mark || to <= from) return undefined;
  // A toggle covers the whole selection even where the mark already was (or was not).
  if (!tr.selection.empty) {
    from = tr.selection.from;
    to = tr.selection.to;
  }
  const href: unknown = added?.mark.attrs.href;
  const change: FormatChange = added
    ? { type: 'format', mark, action: 'add', ...(mark === 'link' && typeof href === 'string' ? { href } : {}) }
    : { type: 'format', mark, action: 'remove' };
  return { change, from, to };
}
