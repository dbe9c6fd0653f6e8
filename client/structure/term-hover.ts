import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { findDoubleQuoted, termKey } from '../../shared/domain/index.ts';
import { checkStoreFor } from './check-store.ts';

/**
 * Hovering a "defined term" shows its definition. Looked up on demand from the last check pass
 * rather than decorated in advance: a 2,000-entry draft has tens of thousands of term uses.
 */
export const TermHover = Extension.create({
  name: 'termHover',
  addProseMirrorPlugins() {
    const store = checkStoreFor(this.editor);
    return [
      new Plugin({
        key: new PluginKey('termHover'),
        view(view) {
          const tip = document.createElement('div');
          tip.className = 'cl-term-tip';
          tip.setAttribute('role', 'tooltip');
          tip.hidden = true;
          document.body.append(tip);
          const hide = () => void (tip.hidden = true);
          const onMove = (e: MouseEvent) => {
            const at = view.posAtCoords({ left: e.clientX, top: e.clientY });
            const conversion = store.get().conversion;
            if (!at || !conversion) return hide();
            const $pos = view.state.doc.resolve(at.pos);
            if (!$pos.parent.isTextblock) return hide();
            const offset = $pos.parentOffset;
            const span = findDoubleQuoted($pos.parent.textContent).find((s) => s.from <= offset && offset <= s.to);
            const key = span ? termKey(span.term) : null;
            const def = key === null ? undefined : conversion.doc.definitions.find((d) => termKey(d.term) === key);
            if (!span || !def) return hide();
            tip.textContent = `“${def.term}” ${def.text.text}`;
            tip.hidden = false;
            tip.style.left = `${Math.min(e.clientX, window.innerWidth - 380)}px`;
            tip.style.top = `${e.clientY + 18}px`;
          };
          view.dom.addEventListener('mousemove', onMove);
          view.dom.addEventListener('mouseleave', hide);
          return {
            destroy() {
              view.dom.removeEventListener('mousemove', onMove);
              view.dom.removeEventListener('mouseleave', hide);
              tip.remove();
            },
          };
        },
      }),
    ];
  },
});
