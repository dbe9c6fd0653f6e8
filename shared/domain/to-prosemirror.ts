/**
 * Builds the editor's document (ProseMirror JSON of the shared schema) from a `ControlListDoc`:
 * for imports, the template and the sample. Blocks are put back in reading order by their source
 * lines, since the model keeps prose apart from structure; Markdown headings (`# …`) in the
 * original lines become headings again.
 *
 * Imported labels are kept exactly as written and not marked fixed: the editor renumbers a list
 * only when its structure changes, so an out-of-sequence label stays visible to the order check
 * until the drafter acts on it.
 */
import type { ControlListDoc, Definition, Entry, NoteBlock, SubItem, TextRun } from './model.ts';
import { noteNumbers } from './auto-labels.ts';
import { CL } from '../schema/control-list/names.ts';
import { newUid } from '../schema/control-list/uid.ts';

/** ProseMirror JSON, as `Node.toJSON()` writes it and `schema.nodeFromJSON` reads it. */
export interface PMJSON {
  type: string;
  attrs?: Record<string, unknown>;
  content?: PMJSON[];
  text?: string;
}

/** Options for {@link toProseMirror}. */
export interface ToProseMirrorOptions {
  /** The source text's lines, to restore Markdown headings; optional. */
  lines?: readonly string[];
  /** Makes provision ids; defaults to random ids. Tests pass a counter for stable output. */
  makeId?: () => string;
}

function inline(text: string): PMJSON[] {
  return text === '' ? [] : [{ type: 'text', text }];
}

function block(type: string, text: string, attrs?: Record<string, unknown>): PMJSON {
  const node: PMJSON = { type, content: inline(text) };
  if (attrs) node.attrs = attrs;
  return node;
}

class Builder {
  constructor(readonly id: () => string) {}

  subItems(items: readonly SubItem[]): PMJSON[] {
    return items.map((item) => ({
      type: CL.subItem,
      attrs: { uid: this.id(), label: item.label, labelFixed: item.labelFixed === true },
      content: [block(CL.text, item.text.text), ...this.subItems(item.children)],
    }));
  }

  notes(notes: readonly NoteBlock[]): PMJSON[] {
    const numbers = noteNumbers(notes.map((n) => n.kind));
    return notes.map((n, i) => ({
      type: CL.note,
      attrs: { uid: this.id(), kind: n.kind, number: numbers[i] ?? null },
      content: [block(CL.text, n.text.text), ...this.subItems(n.subItems)],
    }));
  }

  entry(e: Entry): PMJSON {
    return {
      type: CL.entry,
      attrs: { uid: this.id() },
      content: [
        block(CL.identifier, e.identifier.text),
        block(CL.heading, e.heading.text),
        ...this.subItems(e.subItems),
        ...this.notes(e.notes),
      ],
    };
  }

  definition(d: Definition): PMJSON {
    return {
      type: CL.definition,
      attrs: { uid: this.id() },
      content: [block(CL.text, definitionLine(d)), ...this.subItems(d.subItems), ...this.notes(d.notes)],
    };
  }
}

/** The first line of a definition as drafters write it: `"Term" (4) means …`. */
export function definitionLine(d: Pick<Definition, 'term' | 'categories' | 'text'>): string {
  const tags = d.categories === 'all' ? 'All' : d.categories.join(', ');
  return `"${d.term}" (${tags}) ${d.text.text}`.trimEnd();
}

function proseBlock(run: TextRun, lines: readonly string[] | undefined): PMJSON {
  const raw = run.source.line === undefined ? undefined : lines?.[run.source.line - 1];
  const hashes = raw === undefined ? null : /^\s*(#{1,6})\s/.exec(raw);
  if (hashes) return block('heading', run.text, { level: Math.min(3, hashes[1]?.length ?? 1) });
  return block('paragraph', run.text);
}

const LIST_MARK = /^\s*(?:\d{1,3}[.)]|[a-z][.)]|[-*•])\s/;

/**
 * Joins prose lines that follow each other directly (a paragraph wrapped in the source) into one
 * paragraph; a blank line, a heading or a line starting like a list item keeps them apart.
 */
function mergeProse(blocks: ReadonlyArray<{ key: number; node: PMJSON }>): PMJSON[] {
  const out: PMJSON[] = [];
  let prev: { key: number; node: PMJSON } | null = null;
  for (const b of blocks) {
    const text = b.node.content?.[0]?.text ?? '';
    const last = out.at(-1);
    const lastText = last?.content?.[0];
    if (prev && last && lastText && b.node.type === 'paragraph' && last.type === 'paragraph' && b.key === prev.key + 1 && text !== '' && !LIST_MARK.test(text)) {
      lastText.text = `${lastText.text ?? ''} ${text}`;
    } else {
      out.push(b.node);
    }
    prev = b;
  }
  return out;
}

/**
 * The document for a model. Blocks without a source line keep the model's order after those with
 * one (prose first, then sections, then definitions), which is what generated models need.
 */
export function toProseMirror(doc: ControlListDoc, options: ToProseMirrorOptions = {}): PMJSON {
  const b = new Builder(options.makeId ?? newUid);
  const blocks: Array<{ key: number; node: PMJSON }> = [];
  let fallback = 1e9;
  const keyOf = (line: number | undefined) => line ?? fallback++;
  for (const run of doc.prose) blocks.push({ key: keyOf(run.source.line), node: proseBlock(run, options.lines) });
  for (const cat of doc.categories) {
    if (cat.source) {
      const heading = `Category ${cat.number}${cat.part ? ` – ${cat.part}` : ''}${cat.title?.text ? ` – ${cat.title.text}` : ''}`;
      blocks.push({ key: keyOf(cat.source.line), node: block(CL.category, heading, { uid: b.id() }) });
    }
    for (const g of cat.groups) {
      if (g.source) {
        const heading = `${g.letter}. ${g.title?.text ?? ''}`.trimEnd();
        blocks.push({ key: keyOf(g.source.line), node: block(CL.group, heading, { uid: b.id() }) });
      }
      for (const e of g.entries) blocks.push({ key: keyOf(e.source.line), node: b.entry(e) });
    }
  }
  const first = doc.definitions[0];
  if (first) {
    const line = first.source.line;
    blocks.push({ key: line === undefined ? keyOf(undefined) : line - 0.5, node: block(CL.definitions, 'Definitions') });
  }
  for (const d of doc.definitions) blocks.push({ key: keyOf(d.source.line), node: b.definition(d) });
  blocks.sort((x, y) => x.key - y.key);
  const content = mergeProse(blocks);
  return { type: 'doc', content: content.length > 0 ? content : [{ type: 'paragraph' }] };
}
