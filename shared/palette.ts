/**
 * Collaborator colours: distinct, readable on white and on a pale tint of themselves, 6-digit hex
 * (3-digit colours make Tiptap's caret invisible). The server assigns one per account; the client
 * styles carets and selections with the matching `collab-color-N` class, so no inline style
 * attribute is needed under our strict CSP.
 */
export const COLLABORATOR_PALETTE = [
  '#1f6feb', '#b4235a', '#1a7f37', '#9a4d00', '#8250df', '#0a7a8f',
  '#c2410c', '#4d5bd1', '#7a5c00', '#a21caf', '#2f6f4f', '#b42318',
] as const;

/** Index of a colour in the palette, or -1 for a colour we did not assign. */
export function paletteIndex(color: string): number {
  return (COLLABORATOR_PALETTE as readonly string[]).indexOf(color.toLowerCase());
}
