import { boldRuns, plainRun, type Block, type Run } from './model.ts';
import { runsText } from './walk.ts';

/**
 * The synopsis (comparison table) of a redline: per amended entry, its current text (the
 * baseline side), its proposed text (with the changes marked) and its rationale.
 *
 * What an entry is: a structural container of role `entry` when the draft has them; otherwise
 * every heading opens an entry that runs to the next heading.
 *
 * Where the rationale is (the convention, also in the README): inside an entry, a container of
 * role `rationale`, or a heading whose text begins with "Rationale", or a paragraph beginning
 * "Rationale:" — from there to the end of the entry. It is shown only in the third column.
 */
export interface SynopsisEntry {
  title: Run[];
  /** The entry's text on the old side (insertions left out, deletions shown plain). */
  current: Block[];
  /** The entry's text with the changes marked. */
  proposed: Block[];
  rationale: Block[];
}

export function synopsisEntries(blocks: readonly Block[]): SynopsisEntry[] {
  const raw = blocks.some((b) => b.kind === 'container' && b.role === 'entry') ? containerEntries(blocks) : headingEntries(blocks);
  return raw
    .filter((e) => e.body.some(blockChanged) || e.title.some((r) => r.style.change))
    .map((e) => ({ title: e.title, current: oldSide(e.body), proposed: e.body, rationale: e.rationale }));
}

interface RawEntry {
  title: Run[];
  body: Block[];
  rationale: Block[];
}

const RATIONALE_HEADING = /^\s*rationale\b/i;
const RATIONALE_PARAGRAPH = /^\s*rationale\s*:/i;

function headingEntries(blocks: readonly Block[]): RawEntry[] {
  const entries: RawEntry[] = [];
  let current: RawEntry | undefined;
  let inRationale = false;
  for (const block of blocks) {
    if (block.kind === 'heading') {
      if (current && RATIONALE_HEADING.test(runsText(block.runs))) {
        inRationale = true;
        continue;
      }
      current = { title: block.runs, body: [], rationale: [] };
      entries.push(current);
      inRationale = false;
      continue;
    }
    if (!current) {
      // Text before the first heading is an entry of its own, untitled.
      current = { title: [], body: [], rationale: [] };
      entries.push(current);
    }
    if (!inRationale && block.kind === 'paragraph' && RATIONALE_PARAGRAPH.test(runsText(block.runs))) inRationale = true;
    (inRationale ? current.rationale : current.body).push(block);
  }
  return entries;
}

function containerEntries(blocks: readonly Block[]): RawEntry[] {
  const entries: RawEntry[] = [];
  const visit = (list: readonly Block[]): void => {
    for (const block of list) {
      if (block.kind !== 'container') continue;
      if (block.role !== 'entry') {
        visit(block.blocks);
        continue;
      }
      const numRun: Run[] = block.num.length ? [...boldRuns(block.num), plainRun(' ')] : [];
      const split = headingEntries(block.blocks.filter((b) => !(b.kind === 'container' && b.role === 'rationale')));
      const body = split.flatMap((e, i) => (i === 0 && e.title.length === 0 ? e.body : [{ kind: 'heading' as const, level: 3, runs: e.title, change: undefined }, ...e.body]));
      const rationale = [...split.flatMap((e) => e.rationale), ...block.blocks.filter((b) => b.kind === 'container' && b.role === 'rationale')];
      entries.push({ title: [...numRun, ...block.heading], body, rationale });
    }
  };
  visit(blocks);
  return entries;
}

function blockChanged(block: Block): boolean {
  if (block.change) return true;
  switch (block.kind) {
    case 'heading':
    case 'paragraph':
      return block.runs.some((r) => r.style.change);
    case 'quote':
      return block.blocks.some(blockChanged);
    case 'list':
      return block.items.some((i) => i.change || i.blocks.some(blockChanged));
    case 'container':
      return [...block.num, ...block.heading].some((r) => r.style.change) || block.blocks.some(blockChanged);
  }
}

/** The old side of redlined blocks: inserted text and blocks left out, deleted text kept plain. */
export function oldSide(blocks: readonly Block[]): Block[] {
  const runs = (list: readonly Run[]): Run[] =>
    list.filter((r) => r.style.change?.kind !== 'insert').map((r) => (r.style.change ? { ...r, style: { ...r.style, change: undefined } } : r));
  const out: Block[] = [];
  for (const block of blocks) {
    if (block.change === 'inserted') continue;
    switch (block.kind) {
      case 'heading':
      case 'paragraph':
        out.push({ ...block, runs: runs(block.runs), change: undefined });
        break;
      case 'quote':
        out.push({ ...block, blocks: oldSide(block.blocks), change: undefined });
        break;
      case 'list':
        out.push({ ...block, items: block.items.filter((i) => i.change !== 'inserted').map((i) => ({ ...i, blocks: oldSide(i.blocks), change: undefined })), change: undefined });
        break;
      case 'container':
        out.push({ ...block, num: runs(block.num), heading: runs(block.heading), blocks: oldSide(block.blocks), change: undefined });
        break;
    }
  }
  return out;
}
