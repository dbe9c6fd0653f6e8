/**
 * Line classification for the text parser: what a single line of a pasted or imported proposal
 * looks like on its own (a category heading, an entry, a sub-item, a note …). Context — whether
 * a sub-item line really belongs to an entry — is decided by the assembler in `parse-text.ts`.
 */
import type { NoteKind } from './model.ts';
import { checkLabelPath } from './labels.ts';

/** One classified line. `text` is the content after the marker, trimmed. */
export type Line =
  | { kind: 'blank' }
  | { kind: 'category'; number: string; part?: string; title: string }
  | { kind: 'group'; letter: string; title: string }
  | { kind: 'definitions' }
  | { kind: 'definition'; term: string; categories: string[] | 'all'; text: string }
  | { kind: 'note'; note: NoteKind; number?: number; plural: boolean; text: string }
  | { kind: 'entry'; identifier: string; text: string }
  | { kind: 'item'; path: string[]; text: string }
  | { kind: 'text'; text: string; heading: boolean };

/** A classified line with its layout: 1-based number and indentation in columns. */
export interface ClassifiedLine {
  line: number;
  indent: number;
  content: Line;
}

/**
 * Strips Markdown and list decoration so that "## Category 4", "- a. text" and "**4.A.5.** …"
 * classify like their plain forms; reports whether the line was a Markdown heading.
 */
function clean(raw: string): { text: string; indent: number; heading: boolean } {
  const expanded = raw.replace(/\t/g, '    ');
  const indent = expanded.length - expanded.trimStart().length;
  let text = expanded.trim().replace(/^>\s?/, '');
  const heading = /^#{1,6}\s/.test(text);
  text = text.replace(/^#{1,6}\s+/, '').replace(/^[-*+•]\s+/, '');
  text = text.replace(/\*\*|__|`/g, '').trim();
  return { text, indent, heading };
}

const CATEGORY = /^category\s+(\d{1,2})\b\s*(.*)$/i;
const PART = /^part\s*(\d+|[IVX]+)\b\s*(.*)$/i;
const GROUP = /^(?:group\s+)?([A-E])(?:\.|\s*[–—:-])\s*(.+)$/;
const DEFINITIONS = /^definitions\b[^"“(]{0,60}$/i;
const DEFINITION = /^["“]([^"“”]{1,80})["”]\s*\(([^)]{0,40})\)\s*(.*)$/;
// Category 5 is in two Parts, so its tags name the Part too: "5P2", "Cat 5 P2", "5 Part 2".
const PART_TAG = /p(?:art)?\s*\d\b/gi;
const DEF_CATEGORIES = /^(?:cat(?:egor(?:y|ies))?\.?|and|all|gtn|gsn|ntn|p(?:art)?\s*\d\b|[\d\s,;&])+$/i;
const NOTE =
  /^(technical\s+notes?|notes?|n\.\s?b\.)\s*(\d{1,2})?\s*(?:to\s+note\s*\d{1,2}\s*)?(:|(?<=n\.\s?b\.)\s|(?<=n\.\s?b\.)$)\s*(.*)$/i;
const WASSENAAR_ID = /^(\d{1,2}\.[A-Za-z]\.\d{1,3}(?:\.[a-z0-9]{1,2})*\.?)(?=\s|$)\s*(.*)$/;
// A lower-case group letter is a slip the identifier check explains, so it is still an entry —
// but only as a full EU identifier (4a005), so that "4x4 vehicles" stays running text.
const EU_ID = /^(\d{1,2}(?:[A-Z]\d{1,4}|[a-e]\d{3})(?:\.[a-z0-9]{1,2})*\.?)(?=\s|$)\s*(.*)$/;
const LABEL = '(?:a[a-z]|[a-z]|\\d{1,2})';
const DOTTED = new RegExp(`^((?:${LABEL}\\.)+)(?:\\s+(.*))?$`);
const PAREN = new RegExp(`^\\(?(${LABEL})\\)\\s+(.*)$`);

/** Classifies one line; see {@link Line}. */
export function classifyLine(raw: string, line: number): ClassifiedLine {
  const { text, indent, heading } = clean(raw);
  return { line, indent, content: classify(text, heading) };
}

function classify(text: string, heading: boolean): Line {
  if (text === '') return { kind: 'blank' };
  let m = CATEGORY.exec(text);
  if (m) return category(m[1] ?? '', m[2] ?? '');
  if (DEFINITIONS.test(text)) return { kind: 'definitions' };
  m = DEFINITION.exec(text);
  if (m && DEF_CATEGORIES.test(m[2] ?? '')) return definition(m[1] ?? '', m[2] ?? '', m[3] ?? '');
  m = NOTE.exec(text);
  if (m) return note(m[1] ?? '', m[2], m[4] ?? '');
  m = WASSENAAR_ID.exec(text) ?? EU_ID.exec(text);
  if (m) return { kind: 'entry', identifier: m[1] ?? '', text: m[2] ?? '' };
  m = GROUP.exec(text);
  if (m) return { kind: 'group', letter: m[1] ?? '', title: (m[2] ?? '').trim() };
  m = DOTTED.exec(text);
  if (m) {
    const path = (m[1] ?? '').split('.').filter((s) => s !== '');
    // "e.g." and "i.e." look like paths; a real path alternates letters and numbers.
    if (path.length === 1 || checkLabelPath(path, labelDepthOf(path[0] ?? '')) === null) {
      return { kind: 'item', path, text: (m[2] ?? '').trim() };
    }
  }
  m = PAREN.exec(text);
  if (m) return { kind: 'item', path: [m[1] ?? ''], text: (m[2] ?? '').trim() };
  return { kind: 'text', text, heading };
}

function labelDepthOf(first: string): number {
  return /^\d/.test(first) ? 2 : 1;
}

function category(number: string, rest: string): Line {
  let title = rest.replace(/^[\s–—:.-]+/, '');
  let part: string | undefined;
  const p = PART.exec(title);
  if (p) {
    part = `Part ${p[1] ?? ''}`;
    title = (p[2] ?? '').replace(/^[\s–—:.-]+/, '');
  }
  return part ? { kind: 'category', number, part, title } : { kind: 'category', number, title };
}

function definition(term: string, tags: string, text: string): Line {
  // A Part number is not a category: "5P2" tags Category 5 (once, however often it is named).
  const categories = /\ball\b/i.test(tags) ? 'all' : [...new Set([...tags.replace(PART_TAG, ' ').matchAll(/\d/g)].map((d) => d[0]))];
  return { kind: 'definition', term: term.trim(), categories, text: text.trim() };
}

function note(word: string, num: string | undefined, text: string): Line {
  const w = word.toLowerCase().replace(/\s+/g, ' ');
  const kind: NoteKind = w.startsWith('technical') ? 'technicalNote' : w.startsWith('n') && w.includes('.') ? 'nb' : 'note';
  const plural = w.endsWith('notes');
  const base = { kind: 'note' as const, note: kind, plural, text: text.trim() };
  return num === undefined ? base : { ...base, number: Number(num) };
}
