import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { createConverter, type Conversion } from '../../shared/domain/from-prosemirror.ts';
import { createChecker, type Problem } from '../../shared/domain/index.ts';
import { checkStoreFor, type EditedDefinition } from './check-store.ts';
import { afterNextPaint } from '../editor/after-paint.ts';

/** The plugin holding the problem underlines. */
export const liveChecksKey = new PluginKey<DecorationSet>('liveChecks');

/** Where a problem is in the document, or null when its text cannot be found (e.g. an empty run). */
export function problemRange(conversion: Conversion, p: Problem): { from: number; to: number } | null {
  const start = conversion.locate(p.source.nodeId ?? '');
  if (start === null) return null;
  const from = start + (p.range?.from ?? 0);
  const to = start + (p.range?.to ?? p.text.length);
  return { from, to };
}

function decorate(doc: PMNode, conversion: Conversion, problems: readonly Problem[]): DecorationSet {
  const decos: Decoration[] = [];
  for (const p of problems) {
    const r = problemRange(conversion, p);
    if (!r || r.to <= r.from || r.to > doc.content.size) continue;
    decos.push(Decoration.inline(r.from, r.to, { class: `cl-problem cl-problem--${p.check}`, title: p.message }));
  }
  return DecorationSet.create(doc, decos);
}

function editedDefinitions(prev: Conversion | null, next: Conversion, kept: readonly EditedDefinition[]): EditedDefinition[] {
  if (!prev) return [...kept];
  const before = new Map(prev.doc.definitions.map((d) => [d.id, d] as const));
  const out = new Map(kept.map((e) => [e.uid, e] as const));
  for (const d of next.doc.definitions) {
    const old = before.get(d.id);
    if (!old || old === d || old.text.text === d.text.text) continue;
    const first = out.get(d.id);
    out.set(d.id, { uid: d.id, term: d.term, before: first?.before ?? old.text.text, after: d.text.text });
  }
  return [...out.values()];
}

/**
 * The live checks: after each change (batched to just after the next frame is painted, so a
 * burst of keystrokes or remote updates costs one pass and the keystroke's own frame never waits
 * for it) the document is converted — reusing unchanged
 * entries — and checked incrementally; problems are underlined with their explanation as the
 * hover text and published to the panels through the check store.
 */
export const LiveChecks = Extension.create({
  name: 'liveChecks',
  addProseMirrorPlugins() {
    const store = checkStoreFor(this.editor);
    const converter = createConverter();
    const checker = createChecker();
    return [
      new Plugin<DecorationSet>({
        key: liveChecksKey,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, set) {
            const next = tr.getMeta(liveChecksKey) as DecorationSet | undefined;
            return next ?? set.map(tr.mapping, tr.doc);
          },
        },
        props: { decorations: (state) => liveChecksKey.getState(state) },
        view(view) {
          let cancel: (() => void) | undefined;
          let checkedDoc: PMNode | null = null;
          let shownKey = '';
          const pass = () => {
            cancel = undefined;
            const doc = view.state.doc;
            if (doc === checkedDoc) return;
            checkedDoc = doc;
            const t0 = performance.now();
            const prev = store.get();
            const conversion = converter.convert(doc);
            const problems = checker.check(conversion.doc);
            const counts = new Map<string, number>();
            for (const p of problems) {
              const unit = conversion.unitOf(p.source.nodeId ?? '');
              if (unit) counts.set(unit, (counts.get(unit) ?? 0) + 1);
            }
            const edited = editedDefinitions(prev.conversion, conversion, prev.edited);
            // Each dispatch costs a walk of the collaboration binding, so when the problems are
            // the same as before the mapped underlines are kept and nothing is dispatched.
            const key = problems.map((p) => `${p.check}\u0001${p.source.nodeId ?? ''}\u0001${p.range?.from ?? ''}\u0001${p.message}`).join('\u0002');
            if (key !== shownKey) {
              shownKey = key;
              const decorations = decorate(doc, conversion, problems);
              view.dispatch(view.state.tr.setMeta(liveChecksKey, decorations).setMeta('addToHistory', false));
            }
            store.set({ conversion, problems, counts, edited, lastPassMs: performance.now() - t0 });
          };
          const schedule = () => {
            cancel ??= afterNextPaint(pass);
          };
          schedule();
          return {
            update(v, prevState) {
              if (v.state.doc !== prevState.doc) schedule();
            },
            destroy() {
              cancel?.();
            },
          };
        },
      }),
    ];
  },
});
