import { useCallback, useEffect, useState, type RefObject } from 'react';

/**
 * Which items of a long list (elements with `data-thread-id`) have come near the visible part of
 * the panel that scrolls it: within one panel height above or below. The review panel draws those
 * cards in full and the others briefly, so opening a draft with hundreds of threads does not build
 * hundreds of full cards nobody sees yet. The set only grows (a card drawn in full stays so, and
 * nothing jumps when scrolling back); `reveal` adds an item at once (focused from the keyboard).
 * `items` is what the list shows: when it changes, the new elements are observed.
 */
export function useNearView(list: RefObject<HTMLElement | null>, items: unknown): { near: ReadonlySet<string>; reveal: (id: string) => void } {
  const [near, setNear] = useState<ReadonlySet<string>>(() => new Set());
  const add = useCallback((ids: string[]) => {
    setNear((prev) => {
      if (ids.every((id) => prev.has(id))) return prev;
      const next = new Set(prev);
      for (const id of ids) next.add(id);
      return next;
    });
  }, []);
  const reveal = useCallback((id: string) => add([id]), [add]);

  useEffect(() => {
    const el = list.current;
    if (!el) return;
    const observer = new IntersectionObserver(
      (entries) => {
        const ids = entries.flatMap((e) => (e.isIntersecting && e.target instanceof HTMLElement && e.target.dataset.threadId ? [e.target.dataset.threadId] : []));
        if (ids.length > 0) add(ids);
      },
      { root: scrollingAncestor(el), rootMargin: '100% 0px' },
    );
    for (const item of el.querySelectorAll('[data-thread-id]')) observer.observe(item);
    return () => observer.disconnect();
  }, [list, items, add]);

  return { near, reveal };
}

/** The nearest ancestor that scrolls its content (the side panel's body), or the page's viewport. */
function scrollingAncestor(el: HTMLElement): HTMLElement | null {
  for (let node = el.parentElement; node; node = node.parentElement) {
    const overflow = getComputedStyle(node).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') return node;
  }
  return null;
}
