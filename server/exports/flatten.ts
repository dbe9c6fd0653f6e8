import type { BlockChange } from '../../shared/schema/redline.ts';
import { plainRun, type Block, type ContainerRole, type Run } from './model.ts';

/**
 * One line of a linear rendering (DOCX, PDF, Markdown): formats without nested block structure
 * render lists, quotes and containers as indented lines with their label.
 */
export interface Line {
  kind: 'heading' | 'paragraph' | 'listItem' | 'containerHeading';
  /** Heading level (1–6) for headings; nesting depth (0 = top) otherwise. */
  level: number;
  depth: number;
  /** The list label or container identifier, shown before the text (empty: none). */
  label: Run[];
  /** Quotes and notes are set apart; `role` says why. */
  quoted: boolean;
  role: ContainerRole | undefined;
  runs: Run[];
  change: BlockChange | undefined;
  /** For list items: which list (unique per list in the document) and how it counts. */
  list: { id: number; ordered: boolean; start: number } | undefined;
}

/** Blocks as lines, depth-first. A list item's first paragraph carries its label. */
export function flatten(blocks: readonly Block[]): Line[] {
  const lines: Line[] = [];
  let lists = 0;
  const visit = (block: Block, depth: number, quoted: boolean, role: ContainerRole | undefined, inherited: BlockChange | undefined): void => {
    const change = block.change ?? inherited;
    switch (block.kind) {
      case 'heading':
        lines.push({ kind: 'heading', level: block.level, depth, label: [], quoted, role, runs: block.runs, change, list: undefined });
        return;
      case 'paragraph':
        lines.push({ kind: 'paragraph', level: 0, depth, label: [], quoted, role, runs: block.runs, change, list: undefined });
        return;
      case 'quote':
        for (const b of block.blocks) visit(b, depth, true, role, change);
        return;
      case 'list': {
        const list = { id: ++lists, ordered: block.ordered, start: block.start };
        for (const item of block.items) {
          const itemChange = item.change ?? change;
          const [first, ...rest] = item.blocks;
          if (first?.kind === 'paragraph') {
            lines.push({ kind: 'listItem', level: 0, depth, label: [plainRun(item.label)], quoted, role, runs: first.runs, change: first.change ?? itemChange, list });
          } else {
            lines.push({ kind: 'listItem', level: 0, depth, label: [plainRun(item.label)], quoted, role, runs: [], change: itemChange, list });
            if (first) visit(first, depth + 1, quoted, role, itemChange);
          }
          for (const b of rest) visit(b, depth + 1, quoted, role, itemChange);
        }
        return;
      }
      case 'container':
        lines.push({ kind: 'containerHeading', level: 0, depth, label: block.num, quoted, role: block.role, runs: block.heading, change, list: undefined });
        for (const b of block.blocks) visit(b, depth + 1, quoted, block.role, change);
        return;
    }
  };
  for (const b of blocks) visit(b, 0, false, undefined, undefined);
  return lines;
}
