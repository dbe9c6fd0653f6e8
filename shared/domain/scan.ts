/**
 * Finders for the inline constructs the checks look at in running text: "defined terms",
 * 'local terms', bare identifiers used as cross-references, and "… of this entry" references.
 * Each returns character offsets so problems can underline the exact span.
 */
import { parseIdentifier, type ControlId } from './identifiers.ts';

/** A span found in a text; `from`/`to` are offsets of `raw`, quotes included for quoted terms. */
export interface Span {
  raw: string;
  from: number;
  to: number;
}

/** A quoted term and its span. */
export interface TermSpan extends Span {
  term: string;
}

/** A cross-reference to an entry or sub-item by identifier. */
export interface RefSpan extends Span {
  id: ControlId;
}

/** A reference to sub-items of the same entry ("paragraphs a. to c. of this entry"). */
export interface LocalRefSpan extends Span {
  paths: string[][];
}

const DOUBLE = /["“]([^"“”\n]{1,80}?)["”]/g;
// An opening quote must not follow a letter (that is an apostrophe: States' or don't), and a
// closing one must not be followed by a letter (organisation's).
const SINGLE = /(?<![\p{L}\p{N}])['‘]([\p{L}\p{N}][^'‘’"“”\n]{0,80}?[^\s'‘’"“”])['’](?![\p{L}\p{N}])/gu;

/** "Double-quoted" terms: the uses (and defining occurrences) of list-wide defined terms. */
export function findDoubleQuoted(text: string): TermSpan[] {
  // Cheap pre-tests keep the regular expressions off the many runs without any candidates; the
  // incremental checker's budget is a few milliseconds for a whole document.
  if (!text.includes('"') && !text.includes('“')) return [];
  return [...text.matchAll(DOUBLE)].map((m) => span(m, m[1] ?? ''));
}

/** 'Single-quoted' terms, which a Technical Note of the same unit must define. */
export function findSingleQuoted(text: string): TermSpan[] {
  if (!text.includes("'") && !text.includes('‘')) return [];
  return [...text.matchAll(SINGLE)].map((m) => span(m, m[1] ?? ''));
}

function span(m: RegExpExecArray | RegExpMatchArray, term: string): TermSpan {
  const from = m.index ?? 0;
  return { raw: m[0], from, to: from + m[0].length, term };
}

/**
 * A case- and plural-insensitive key for a term, so "Softwares" finds "software" and
 * "technologies" finds "technology". Applied to both sides, so an odd stem is harmless.
 */
export function termKey(term: string): string {
  // A draft quotes a few dozen distinct terms thousands of times; remember their keys.
  let key = termKeys.get(term);
  if (key === undefined) {
    if (termKeys.size >= 10_000) termKeys.clear();
    termKeys.set(term, (key = computeTermKey(term)));
  }
  return key;
}

const termKeys = new Map<string, string>();

function computeTermKey(term: string): string {
  const words = term
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .trim()
    .split(' ');
  const last = words.pop() ?? '';
  return [...words, singular(last)].join(' ');
}

function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 4 && /(?:s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

// Identifiers in running text. The group letter (Wassenaar) or the letter-plus-three-digits
// (EU) is what tells an identifier from a parameter such as 0.9 µm, 1.5 GHz or a date.
const LABEL = '(?:[a-z]{1,2}|\\d{1,2})';
const WASSENAAR_REF = new RegExp(`(?<![\\w.])\\d\\.[A-E]\\.\\d{1,2}\\.(?:${LABEL}\\.)*`, 'g');
const EU_REF = new RegExp(`(?<![\\w.])\\d[A-E]\\d{3}(?:\\.${LABEL}(?![\\w]))*`, 'g');

const MAYBE_REF = /\d\.?[A-E]/;

/** Bare identifiers in text, in either convention ("specified by 5.A.1.j.", "see 2B001.a"). */
export function findCrossRefs(text: string): RefSpan[] {
  if (!MAYBE_REF.test(text)) return [];
  const out: RefSpan[] = [];
  for (const re of [WASSENAAR_REF, EU_REF]) {
    for (const m of text.matchAll(re)) {
      const parsed = parseIdentifier(m[0]);
      if (!parsed) continue;
      const from = m.index;
      out.push({ raw: m[0], from, to: from + m[0].length, id: parsed.id });
    }
  }
  return out.sort((a, b) => a.from - b.from);
}

const LOCAL_PATH = `${LABEL}\\.(?:${LABEL}\\.)*`;
const LOCAL_REF = new RegExp(
  `\\b(?:sub-?items?|paragraphs?|items?)\\s+(${LOCAL_PATH})(?:\\s*(?:to|and|or|,)\\s*(${LOCAL_PATH}))?\\s+of\\s+this\\s+(?:entry|definition)`,
  'gi',
);

/** "paragraphs a. to c. of this entry", "sub-item b.2. of this entry": paths within the unit. */
export function findLocalRefs(text: string): LocalRefSpan[] {
  if (!/\bthis\s+(?:entry|definition)/i.test(text)) return [];
  return [...text.matchAll(LOCAL_REF)].map((m) => {
    const from = m.index;
    const paths = [m[1], m[2]].filter((p): p is string => p !== undefined).map(toPath);
    return { raw: m[0], from, to: from + m[0].length, paths };
  });
}

function toPath(p: string): string[] {
  return p.split('.').filter((s) => s !== '');
}
