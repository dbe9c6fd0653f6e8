import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

/**
 * Which items of a long list (elements with `data-thread-id`, in groups: the list's children) have
 * come near the visible part of the panel that scrolls it: within one panel height above or below.
 * The groups are watched, not each item: fewer targets for the browser to check in every frame. The review panel draws those
 * cards in full and the others briefly, so opening a draft with hundreds of threads does not build
 * hundreds of full cards nobody sees yet. The set only grows (a card drawn in full stays so, and
 * nothing jumps when scrolling back); `reveal` adds an item at once (focused from the keyboard).
 * `items` is what the list shows: when it changes, the new elements are observed.
 */
export function useNearView(list: RefObject<HTMLElement | null>, items: unknown): { near: ReadonlySet<string>; reveal: (id: string) => void } {
  const [near, setNear] = useState<ReadonlySet<string>>(() => new Set());
  // The same set, for the observer: a card already near is not watched any more (see below).
  const nearNow = useRef<ReadonlySet<string>>(near);
  const add = useCallback((ids: string[]) => {
    setNear((prev) => {
      if (ids.every((id) => prev.has(id))) return prev;
      const next = new Set(prev);
      for (const id of ids) next.add(id);
      nearNow.current = next;
      return next;
    });
  }, []);
  const reveal = useCallback((id: string) => add([id]), [add]);

  useEffect(() => {
    const el = list.current;
    if (!el) return;
    const observer = new IntersectionObserver(
      (entries) => {
        const ids: string[] = [];
        for (const e of entries) {
          if (!e.isIntersecting) continue;
          ids.push(...idsIn(e.target));
          // The set only grows, so a group that came near needs no more watching: every observed
          // element costs the browser work in each frame whose layout changed, which is every
          // keystroke in the text (issue 6). A group that gains items later is watched again.
          observer.unobserve(e.target);
        }
        if (ids.length > 0) add(ids);
      },
      { root: scrollingAncestor(el), rootMargin: '100% 0px' },
    );
    for (const group of el.children) {
      if (idsIn(group).some((id) => !nearNow.current.has(id))) observer.observe(group);
    }
    return () => observer.disconnect();
  }, [list, items, add]);

  return { near, reveal };
}

function idsIn(group: Element): string[] {
  return [...group.querySelectorAll<HTMLElement>('[data-thread-id]')].map((item) => item.dataset.threadId ?? '');
}

/** The nearest ancestor that scrolls its content (the side panel's body), or the page's viewport. */
function scrollingAncestor(el: HTMLElement): HTMLElement | null {
  for (let node = el.parentElement; node; node = node.parentElement) {
    const overflow = getComputedStyle(node).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') return node;
  }
  return null;
}
