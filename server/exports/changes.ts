import type { Block, Run, RunChange } from './model.ts';

/** One change of a redline, as the change summary lists it. */
export interface ChangeSummaryItem {
  kind: RunChange['kind'];
  author: string;
  organisation: string;
  at: string;
  /** The changed text (runs of one change joined), shortened for the summary. */
  excerpt: string;
}

/** Every run of the blocks, in reading order. */
export function* allRuns(blocks: readonly Block[]): Generator<Run> {
  for (const block of blocks) {
    switch (block.kind) {
      case 'heading':
      case 'paragraph':
        yield* block.runs;
        break;
      case 'quote':
        yield* allRuns(block.blocks);
        break;
      case 'list':
        for (const item of block.items) yield* allRuns(item.blocks);
        break;
      case 'container':
        yield* block.num;
        yield* block.heading;
        yield* allRuns(block.blocks);
        break;
    }
  }
}

const EXCERPT_MAX = 120;

/**
 * The changes of a redline, one item per change: runs sharing a changeId (or, without one,
 * adjacent runs of the same kind and author) are one change.
 */
export function summariseChanges(blocks: readonly Block[]): ChangeSummaryItem[] {
  const items: ChangeSummaryItem[] = [];
  const byId = new Map<string, ChangeSummaryItem>();
  let previous: { change: RunChange; item: ChangeSummaryItem } | undefined;
  for (const run of allRuns(blocks)) {
    const change = run.style.change;
    if (!change) {
      previous = undefined;
      continue;
    }
    const text = run.kind === 'text' ? run.text : ' ';
    const key = change.changeId ? `${change.kind}:${change.changeId}` : undefined;
    let item = key ? byId.get(key) : undefined;
    if (!item && previous && !key && previous.change.kind === change.kind && previous.change.author === change.author) item = previous.item;
    if (item) {
      if (item.excerpt.length < EXCERPT_MAX) item.excerpt = (item.excerpt + text).slice(0, EXCERPT_MAX + 1);
    } else {
      item = { kind: change.kind, author: change.author, organisation: change.organisation, at: change.at, excerpt: text.slice(0, EXCERPT_MAX + 1) };
      items.push(item);
      if (key) byId.set(key, item);
    }
    previous = { change, item };
  }
  for (const item of items) {
    item.excerpt = item.excerpt.replace(/\s+/g, ' ').trim();
    if (item.excerpt.length > EXCERPT_MAX) item.excerpt = `${item.excerpt.slice(0, EXCERPT_MAX - 1)}…`;
  }
  return items;
}

/** "inserted" / "deleted" / "reformatted", as the summary says it. */
export const CHANGE_VERBS: Record<RunChange['kind'], string> = { insert: 'Inserted', delete: 'Deleted', format: 'Formatting changed' };

/** A date for people ("12 March 2026, 14:05 UTC"); the ISO text when it cannot be read. */
export function readableDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${DATE_FORMAT.format(d)}, ${d.toISOString().slice(11, 16)} UTC`;
}

// One formatter for all: toLocaleDateString builds a new one per call (~1 ms each).
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
