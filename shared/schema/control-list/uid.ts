import type { Attribute } from '@tiptap/core';

/**
 * The stable internal id every provision carries, independent of its displayed number or label:
 * comments, problems, the outline and diffs refer to a provision by it, so renumbering changes
 * nothing they hold. Ids are made by the editor (`newUid`) when a node is created and repaired
 * when a split copies one (client/structure/normalise-plugin.ts).
 */
export const uidAttribute: Attribute = {
  default: null,
  parseHTML: (el) => el.getAttribute('data-uid'),
  renderHTML: (attrs) => (typeof attrs.uid === 'string' ? { 'data-uid': attrs.uid } : {}),
};

/** A fresh provision id: 12 random base-36 characters, enough for a draft's lifetime. */
export function newUid(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += (b % 36).toString(36);
  return out;
}
