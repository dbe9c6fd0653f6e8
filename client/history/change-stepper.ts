/**
 * Moves to change `changeId` in a rendered redline: marks its runs as current, scrolls the first
 * into view and focuses it (so screen readers read it and keyboard users keep their place).
 */
export function showChange(container: HTMLElement | null, changeId: string): void {
  if (!container) return;
  for (const el of container.querySelectorAll('.redline--current')) el.classList.remove('redline--current');
  const runs = [...container.querySelectorAll<HTMLElement>(`[data-change-id="${CSS.escape(changeId)}"]`)];
  for (const el of runs) el.classList.add('redline--current');
  const first = runs[0];
  if (!first) return;
  first.tabIndex = -1;
  first.scrollIntoView({ block: 'center' });
  first.focus({ preventScroll: true });
}
