/**
 * Parses a plain-text or simple Markdown proposal into a `ControlListDoc`, keeping the 1-based
 * line of everything in its `SourceRef`. It never fails: text it cannot place becomes prose, and
 * `hasStructure(doc)` tells an importer when nothing list-shaped was found at all.
 *
 * Layout rules that matter: an unlabelled line directly below a structural line continues it,
 * while after a blank line it is prose and ends the current entry; Markdown headings never
 * continue anything. Entries are kept under the section they appear in, even when their number
 * says otherwise, because the identifier check must be able to report the mismatch.
 */
import type {
  Category,
  Convention,
  ControlListDoc,
  Definition,
  Entry,
  Group,
  NoteBlock,
  SubItem,
  TextRun,
} from './model.ts';
import { idKey, parseIdentifier } from './identifiers.ts';
import { labelPosition } from './labels.ts';
import { classifyLine, type ClassifiedLine, type Line } from './parse-lines.ts';
import { ListBuilder } from './nesting.ts';

/** Options for {@link parseText}. */
export interface ParseOptions {
  /** Force a convention instead of inferring it from the identifiers' style (majority wins). */
  convention?: Convention;
}

type Owner = { kind: 'entry'; entry: Entry } | { kind: 'definition'; def: Definition };

/** Notes being numbered from a plural header ("Technical Notes:" then "1. …", "2. …"). */
interface PluralNotes {
  kind: NoteBlock['kind'];
  indent: number | null;
}

class Assembler {
  readonly doc: ControlListDoc = { convention: 'wassenaar', categories: [], definitions: [], prose: [] };
  private category: Category | null = null;
  private group: Group | null = null;
  private owner: Owner | null = null;
  private list: ListBuilder | null = null;
  private plural: PluralNotes | null = null;
  private lastRun: TextRun | null = null;
  private afterBlank = false;
  /** Whether the open category and group were synthesised rather than read from headings. */
  private readonly implicit = { category: false, group: false };
  readonly styles = { wassenaar: 0, eu: 0 };

  feed({ line, indent, content: c }: ClassifiedLine): void {
    const blank = c.kind === 'blank';
    if (!blank) this.dispatch(c, line, indent);
    this.afterBlank = blank;
  }

  private dispatch(c: Line, line: number, indent: number): void {
    switch (c.kind) {
      case 'blank':
      case 'definitions':
        return this.close();
      case 'category':
        this.close();
        this.category = { number: c.number, groups: [], source: { line }, ...(c.part ? { part: c.part } : {}) };
        if (c.title) this.category.title = run(c.title, line);
        this.doc.categories.push(this.category);
        this.group = null;
        this.implicit.category = false;
        return;
      case 'group':
        if (!this.category) return this.prose(`${c.letter}. ${c.title}`, line, true);
        this.close();
        this.group = { letter: c.letter, title: run(c.title, line), entries: [], source: { line } };
        this.category.groups.push(this.group);
        this.implicit.group = false;
        return;
      case 'definition':
        return this.definition(c, line);
      case 'note':
        return this.note(c, line);
      case 'entry':
        return this.entry(c.identifier, c.text, line, indent);
      case 'item':
        return this.item(c.path, c.text, line, indent);
      case 'text':
        return this.text(c.text, line, c.heading);
    }
  }

  private close(): void {
    this.owner = null;
    this.list = null;
    this.plural = null;
    this.lastRun = null;
  }

  private prose(text: string, line: number, closes: boolean): void {
    if (closes) this.close();
    this.doc.prose.push(run(text, line));
  }

  private text(text: string, line: number, heading: boolean): void {
    if (this.lastRun && !this.afterBlank && !heading) {
      // A header with nothing after it ("Note:") takes its text, and its line, from below.
      if (this.lastRun.text === '') this.lastRun.source = { line };
      this.lastRun.text = this.lastRun.text === '' ? text : `${this.lastRun.text} ${text}`;
      return;
    }
    this.prose(text, line, true);
  }

  private entry(identifier: string, text: string, line: number, indent: number): void {
    const parsed = parseIdentifier(identifier);
    const current = this.owner?.kind === 'entry' ? parseIdentifier(this.owner.entry.identifier.text) : null;
    // "4.E.1.c. text" inside 4.E.1. is that entry's sub-item c., not a new entry.
    if (
      parsed &&
      current &&
      parsed.id.path.length > current.id.path.length &&
      idKey(parsed.id).startsWith(`${idKey(current.id)}.`)
    ) {
      return this.item(parsed.id.path.slice(current.id.path.length), text, line, indent);
    }
    this.close();
    if (parsed) this.styles[parsed.style] += 1;
    const group = this.sectionFor(parsed?.id.category ?? '', parsed?.id.group ?? '');
    const entry: Entry = {
      id: `entry-L${line}`,
      identifier: run(identifier, line),
      heading: run(text, line),
      subItems: [],
      notes: [],
      source: { line },
    };
    group.entries.push(entry);
    this.owner = { kind: 'entry', entry };
    this.list = new ListBuilder(entry.subItems);
    this.lastRun = entry.heading;
  }

  /**
   * The group an entry goes into. Headings in the text win; where there are none, the sections
   * the entry's number implies are created (and followed by later entries as they change).
   */
  private sectionFor(category: string, letter: string): Group {
    if (!this.category || (this.implicit.category && this.category.number !== category)) {
      this.category = this.doc.categories.find((c) => c.number === category) ?? null;
      if (!this.category) {
        this.category = { number: category, groups: [] };
        this.doc.categories.push(this.category);
      }
      this.implicit.category = true;
      this.group = null;
    }
    if (!this.group || (this.implicit.group && this.group.letter !== letter)) {
      this.group = this.category.groups.find((g) => g.letter === letter) ?? null;
      if (!this.group) {
        this.group = { letter, entries: [] };
        this.category.groups.push(this.group);
      }
      this.implicit.group = true;
    }
    return this.group;
  }

  private definition(c: Extract<Line, { kind: 'definition' }>, line: number): void {
    this.close();
    const def: Definition = {
      id: `def-L${line}`,
      term: c.term,
      categories: c.categories,
      text: run(c.text, line),
      subItems: [],
      notes: [],
      source: { line },
    };
    this.doc.definitions.push(def);
    this.owner = { kind: 'definition', def };
    this.list = new ListBuilder(def.subItems);
    this.lastRun = def.text;
  }

  private note(c: Extract<Line, { kind: 'note' }>, line: number): void {
    if (!this.owner) return this.prose(c.text, line, true);
    this.plural = c.plural && c.text === '' ? { kind: c.note, indent: null } : null;
    if (this.plural) {
      this.lastRun = null;
      return;
    }
    this.addNote(c.note, c.number, c.text, line);
  }

  private addNote(kind: NoteBlock['kind'], number: number | undefined, text: string, line: number): void {
    if (!this.owner) return;
    const block: NoteBlock = { id: `note-L${line}`, kind, text: run(text, line), subItems: [] };
    if (number !== undefined) block.number = number;
    (this.owner.kind === 'entry' ? this.owner.entry.notes : this.owner.def.notes).push(block);
    this.list = new ListBuilder(block.subItems);
    this.lastRun = block.text;
  }

  private item(path: string[], text: string, line: number, indent: number): void {
    const label = path.at(-1) ?? '';
    if (!this.owner || !this.list)
      return this.prose(text === '' ? path.join('.') + '.' : `${path.join('.')}. ${text}`, line, true);
    const p = this.plural;
    if (
      p &&
      path.length === 1 &&
      labelPosition(label)?.kind === 'number' &&
      (p.indent === null || indent <= p.indent)
    ) {
      p.indent = indent;
      this.addNote(p.kind, Number(label), text, line);
      return;
    }
    const item: SubItem = { id: `item-L${line}`, label, text: run(text, line), children: [] };
    this.list.add(item, indent, path);
    this.lastRun = item.text;
  }

  finish(convention: Convention | undefined): ControlListDoc {
    this.doc.convention = convention ?? (this.styles.eu > this.styles.wassenaar ? 'eu' : 'wassenaar');
    return this.doc;
  }
}

function run(text: string, line: number): TextRun {
  return { text, source: { line } };
}

/** Parses a proposal's text; see the module comment. Line endings may be \n, \r\n or \r. */
export function parseText(text: string, options: ParseOptions = {}): ControlListDoc {
  const assembler = new Assembler();
  text.split(/\r\n|\r|\n/).forEach((raw, i) => assembler.feed(classifyLine(raw, i + 1)));
  return assembler.finish(options.convention);
}
