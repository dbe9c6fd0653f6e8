/**
 * Collaborator colours: readable on white and on a pale tint of themselves (contrast 4.6–6.6 with
 * white text on the caret label), 6-digit hex (3-digit colours make Tiptap's caret invisible).
 *
 * Each member of a draft gets one when they join (server/auth/colors.ts): the first colour no
 * current member has, so the ORDER matters. It is chosen so the first colours handed out are the
 * most distinct, also for red-green colour-blind readers: each next colour is the one farthest
 * (CIELAB ΔE, the smallest over normal, deuteranope and protanope vision simulated) from all before
 * it. Blue and dark yellow come first; the reds and pinks that only differ in hue come last. Colour
 * is never the only cue: a person's name is always shown beside it (caret labels, presence bar,
 * cards, change summaries).
 *
 * The client styles carets and selections with the matching `collab-color-N` class
 * (client/styles/editor.css, same order), so no inline style attribute is needed under our strict CSP.
 */
export const COLLABORATOR_PALETTE = [
  '#1f6feb', '#7a5c00', '#0a7a8f', '#006d5b', '#a21caf', '#bf3989',
  '#b4235a', '#1a7f37', '#4d5bd1', '#8250df', '#9a4d00', '#b42318',
] as const;

/** Index of a colour in the palette, or -1 for a colour we did not assign. */
export function paletteIndex(color: string): number {
  return (COLLABORATOR_PALETTE as readonly string[]).indexOf(color.toLowerCase());
}
