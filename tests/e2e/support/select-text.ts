import type { Page } from 'playwright-core';

/** Selects `text` in the draft with the mouse: a click before its first character, a Shift+click after its last. */
export async function selectText(page: Page, text: string): Promise<void> {
  const box = await page.locator('.draft-text').evaluate((root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = (n.textContent ?? '').indexOf(wanted);
      if (at < 0) continue;
      const first = document.createRange();
      first.setStart(n, at);
      first.setEnd(n, at + 1);
      const last = document.createRange();
      last.setStart(n, at + wanted.length - 1);
      last.setEnd(n, at + wanted.length);
      const a = first.getBoundingClientRect();
      const b = last.getBoundingClientRect();
      return { x1: a.left + 1, x2: b.right - 1, y: a.top + a.height / 2 };
    }
    return undefined;
  }, text);
  if (!box) throw new Error(`"${text}" is not in the draft`);
  await page.mouse.click(box.x1, box.y);
  await page.keyboard.down('Shift');
  await page.mouse.click(box.x2, box.y);
  await page.keyboard.up('Shift');
}
