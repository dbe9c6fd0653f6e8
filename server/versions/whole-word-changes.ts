import type { PmMarkJSON, PmNodeJSON } from '../../shared/api/versions.ts';
import { REDLINE_DELETE_MARK, REDLINE_FORMAT_MARK, REDLINE_INSERT_MARK } from '../../shared/schema/redline.ts';

/**
 * Makes a redline read word by word, as a delegation reads a Word redline.
 *
 * The redline walks Yjs items, so it shows which characters the history kept, not what a reader
 * sees changed: typing `"Computer software"` over `"Software"` keeps the original "s" of the next
 * word ('"~~Software" ~~Computer s‸oftware" s‸pecially'), and a restore rebuilds words from
 * other pieces of history, so text identical on both sides shows struck and retyped. Per run of
 * text nodes, this widens every change that starts or ends inside a word to the whole word (the
 * unchanged part of the word is shown both struck and underlined), then reads each stretch of
 * changes word by word: the words both sides share (same text, same formatting) go back to the
 * unchanged text, and between them the old words are struck, then the new ones underlined.
 * So "Software" becomes "Computer software", and text restored as it was shows no change.
 * Both sides still read exactly as before; only where the marks fall changes.
 */
export function wholeWordChanges(nodes: PmNodeJSON[]): PmNodeJSON[] {
  const out: PmNodeJSON[] = [];
  let run: PmNodeJSON[] = [];
  const flush = () => {
    if (run.length) out.push(...rewriteTextRun(run));
    run = [];
  };
  for (const node of nodes) {
    if (node.type === 'text' && node.text) run.push(node);
    else {
      flush();
      out.push(node);
    }
  }
  flush();
  return out;
}

/**
 * Longest run of text (one block, between inline nodes) read word by word. A long paragraph of a
 * control list is a few thousand characters; the automerge-paper bench puts a whole 108,000-character
 * paper in one block, where the pass would cost a few hundred milliseconds.
 */
const MAX_REWRITTEN_CHARS = 20_000;

type Side = 'ins' | 'del';
type Kind = Side | 'same' | 'other';

/** One character of the text run, with the marks it carries apart from its redline mark. */
interface Char {
  ch: string;
  base: PmMarkJSON[];
  /** The redline mark (insert or delete), if any. */
  change: PmMarkJSON | undefined;
  kind: Kind;
}

const WORD = /[\p{L}\p{N}]/u;
const isWord = (c: Char | undefined) => c !== undefined && WORD.test(c.ch);

function kindOf(marks: readonly PmMarkJSON[]): { kind: Kind; change: PmMarkJSON | undefined; base: PmMarkJSON[] } {
  const change = marks.find((m) => m.type === REDLINE_INSERT_MARK || m.type === REDLINE_DELETE_MARK);
  const base = marks.filter((m) => m !== change);
  if (change) return { kind: change.type === REDLINE_INSERT_MARK ? 'ins' : 'del', change, base };
  // Text with another redline mark (a formatting change) is left exactly as it is.
  return { kind: marks.some((m) => m.type === REDLINE_FORMAT_MARK) ? 'other' : 'same', change: undefined, base };
}

function rewriteTextRun(nodes: PmNodeJSON[]): PmNodeJSON[] {
  const kinds = nodes.map((node) => kindOf(node.marks ?? []));
  // Most blocks of a comparison need nothing (no change, or changes between words that only insert
  // or only delete): leave them without looking at each character.
  if (!needsRewrite(nodes, kinds.map((k) => k.kind))) return nodes;
  // The pass works character by character: a block longer than any real paragraph keeps the
  // character-level redline rather than make a comparison wait (see MAX_REWRITTEN_CHARS).
  if (nodes.reduce((n, node) => n + (node.text?.length ?? 0), 0) > MAX_REWRITTEN_CHARS) return nodes;
  const chars: Char[] = [];
  nodes.forEach((node, i) => {
    const { kind, change, base } = kinds[i] as ReturnType<typeof kindOf>;
    for (const ch of node.text ?? '') chars.push({ ch, base, change, kind });
  });
  return toNodes(rewriteStretches(chars));
}

/** Whether a change meets unchanged text inside a word, or a stretch of changes both deletes and inserts. */
function needsRewrite(nodes: PmNodeJSON[], kinds: Kind[]): boolean {
  const changed = (k: Kind | undefined) => k === 'ins' || k === 'del';
  let sidesInStretch = new Set<Kind>();
  for (let i = 0; i < nodes.length; i++) {
    const kind = kinds[i];
    if (changed(kind)) {
      sidesInStretch.add(kind);
      if (sidesInStretch.size === 2) return true;
    } else sidesInStretch = new Set();
    if (i === 0 || changed(kind) === changed(kinds[i - 1])) continue;
    const before = nodes[i - 1]?.text ?? '';
    const after = nodes[i]?.text ?? '';
    if (WORD.test(before.slice(-1)) && WORD.test(after.slice(0, 1))) return true;
  }
  return false;
}

/**
 * The changed stretches (consecutive inserted or deleted characters), first all widened to whole
 * words (joining stretches that meet inside a word), then each read word by word.
 */
function rewriteStretches(chars: Char[]): Char[] {
  const inStretch = widened(chars);
  const out: Char[] = [];
  for (let i = 0; i < chars.length; ) {
    if (!inStretch[i]) {
      out.push(chars[i] as Char);
      i++;
      continue;
    }
    let end = i;
    while (end < chars.length && inStretch[end]) end++;
    out.push(...aligned(sides(chars.slice(i, end))));
    i = end;
  }
  return out;
}

/**
 * Which characters belong to a changed stretch: the changed ones, and the unchanged word
 * characters of any word a stretch starts or ends inside of, on its old or its new side.
 */
function widened(chars: Char[]): boolean[] {
  const flags = chars.map(isChanged);
  // The first (or last) character of the stretch at `from` that is on one side of the text.
  const edge = (from: number, step: 1 | -1, side: Side) => {
    for (let j = from; j >= 0 && j < chars.length && flags[j]; j += step) if (chars[j]?.kind !== (side === 'ins' ? 'del' : 'ins')) return chars[j];
    return undefined;
  };
  const insideWord = (plain: number, stretchEdge: number, step: 1 | -1) =>
    chars[plain]?.kind === 'same' && isWord(chars[plain]) && (isWord(edge(stretchEdge, step, 'del')) || isWord(edge(stretchEdge, step, 'ins')));
  for (let grew = true; grew; ) {
    grew = false;
    for (let p = 1; p < chars.length; p++) {
      if (flags[p - 1] === flags[p]) continue;
      // Boundary between p-1 and p: the unchanged character joins the stretch if the cut is inside a word.
      const [plain, stretchEdge, step] = flags[p] ? [p - 1, p, 1 as const] : [p, p - 1, -1 as const];
      if (!insideWord(plain, stretchEdge, step)) continue;
      // The whole unchanged part of the word at once (a long word must not take one pass a letter).
      for (let q = plain; !flags[q] && chars[q]?.kind === 'same' && isWord(chars[q]); q -= step) flags[q] = true;
      grew = true;
    }
  }
  return flags;
}

const isChanged = (c: Char | undefined) => c !== undefined && (c.kind === 'ins' || c.kind === 'del');

/**
 * The old and new text of a widened stretch. Unchanged characters taken in from a word are on
 * both sides, marked with the change nearest them (so the stepper shows the word as one change).
 */
function sides(all: Char[]): { old: Char[]; new: Char[] } {
  const nearestChange = nearest(all, (c) => c.change !== undefined);
  const nearestOf = (side: Side) => {
    const own = nearest(all, (c) => c.kind === side);
    return (at: number) => all[own[at] ?? -1]?.change ?? all[nearestChange[at] ?? -1]?.change;
  };
  const nearestDel = nearestOf('del');
  const nearestIns = nearestOf('ins');
  const old: Char[] = [];
  const neu: Char[] = [];
  all.forEach((c, at) => {
    if (c.kind === 'del') old.push(c);
    else if (c.kind === 'ins') neu.push(c);
    else {
      old.push({ ...c, kind: 'del', change: asKind(nearestDel(at), REDLINE_DELETE_MARK) });
      neu.push({ ...c, kind: 'ins', change: asKind(nearestIns(at), REDLINE_INSERT_MARK) });
    }
  });
  return { old, new: neu };
}

/** For each position, the index of the nearest character that matches (the left one on a tie; -1 if none). */
function nearest(all: Char[], matches: (c: Char) => boolean): number[] {
  const left: number[] = [];
  let last = -1;
  all.forEach((c, i) => {
    if (matches(c)) last = i;
    left.push(last);
  });
  const out = new Array<number>(all.length);
  let next = -1;
  for (let i = all.length - 1; i >= 0; i--) {
    if (matches(all[i] as Char)) next = i;
    const l = left[i] ?? -1;
    out[i] = l < 0 ? next : next < 0 || i - l <= next - i ? l : next;
  }
  return out;
}

const asKind = (mark: PmMarkJSON | undefined, type: string): PmMarkJSON | undefined => mark && (mark.type === type ? mark : { ...mark, type });

/**
 * Above this many word pairs (about 500 words a side: a long paragraph) a stretch is not aligned
 * word by word, only its shared ends are kept: the alignment costs the product of the two sides.
 */
const MAX_ALIGNED_PAIRS = 250_000;

/**
 * A stretch read word by word: the words both sides share (same text, same formatting), found by a
 * longest common subsequence of words, are given back to the unchanged text; between them, the old
 * words are struck, then the new ones underlined.
 */
function aligned(s: { old: Char[]; new: Char[] }): Char[] {
  const a = words(s.old);
  const b = words(s.new);
  let head = 0;
  while (head < a.length && head < b.length && a[head]?.key === b[head]?.key) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail]?.key === b[b.length - 1 - tail]?.key) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const plain = (w: Word): Char[] => w.chars.map((c) => ({ ...c, kind: 'same', change: undefined }));
  const out: Char[] = b.slice(0, head).flatMap(plain);
  let struck: Char[] = [];
  let underlined: Char[] = [];
  const flush = () => {
    out.push(...oneChangePerAuthor(struck), ...oneChangePerAuthor(underlined));
    struck = [];
    underlined = [];
  };
  for (const step of alignment(midA, midB)) {
    if (step.kind === 'both') {
      flush();
      out.push(...plain(step.word));
    } else if (step.kind === 'old') struck.push(...step.word.chars);
    else underlined.push(...step.word.chars);
  }
  flush();
  out.push(...b.slice(b.length - tail).flatMap(plain));
  return out;
}

/** A word (letters and digits) or one other character, with a key of its text and formatting. */
interface Word {
  chars: Char[];
  key: string;
}

function words(chars: Char[]): Word[] {
  const out: Word[] = [];
  for (const c of chars) {
    const last = out[out.length - 1];
    const lastChar = last?.chars[last.chars.length - 1];
    if (last && isWord(c) && isWord(lastChar)) last.chars.push(c);
    else out.push({ chars: [c], key: '' });
  }
  for (const w of out) w.key = w.chars.map((c) => c.ch + marksKey(c.base)).join('\u0000');
  return out;
}

/** A key for a character's marks; the characters of one text node share their array. */
const keys = new WeakMap<PmMarkJSON[], string>();
function marksKey(marks: PmMarkJSON[]): string {
  if (!marks.length) return '';
  let key = keys.get(marks);
  if (key === undefined) keys.set(marks, (key = JSON.stringify(marks)));
  return key;
}

type Step = { kind: 'both' | 'old' | 'new'; word: Word };

/** The longest common subsequence of two word lists, as steps in reading order. */
function alignment(a: Word[], b: Word[]): Step[] {
  if (a.length * b.length > MAX_ALIGNED_PAIRS) return [...a.map((word) => ({ kind: 'old' as const, word })), ...b.map((word) => ({ kind: 'new' as const, word }))];
  const width = b.length + 1;
  // lcs[i * width + j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i]?.key === b[j]?.key ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const wa = a[i];
    const wb = b[j];
    if (wa && wb && wa.key === wb.key) {
      steps.push({ kind: 'both', word: wb });
      i++;
      j++;
    } else if (wa && (!wb || (lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0))) {
      steps.push({ kind: 'old', word: wa });
      i++;
    } else if (wb) {
      steps.push({ kind: 'new', word: wb });
      j++;
    }
  }
  return steps;
}

/**
 * One side of a stretch, its consecutive characters by one author under one change: pieces of one
 * word typed at different moments then read, and step, as one change ("Computer software").
 */
function oneChangePerAuthor(side: Char[]): Char[] {
  let previous: PmMarkJSON | undefined;
  return side.map((c) => {
    const change = previous && c.change?.attrs?.userId === previous.attrs?.userId ? previous : c.change;
    previous = change;
    return change === c.change ? c : { ...c, change };
  });
}

/** Equal marks; characters of one text node share their arrays, so that is checked first. */
const sameMarks = (a: readonly PmMarkJSON[], b: readonly PmMarkJSON[]) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** Characters back to text nodes, merging neighbours with the same marks. */
function toNodes(chars: Char[]): PmNodeJSON[] {
  const out: PmNodeJSON[] = [];
  let previous: Char | undefined;
  for (const c of chars) {
    const last = out[out.length - 1];
    if (last && previous && sameMarks(previous.base, c.base) && (previous.change === c.change || sameMarks(previous.change ? [previous.change] : [], c.change ? [c.change] : []))) {
      last.text = (last.text ?? '') + c.ch;
      continue;
    }
    const marks = c.change ? [...c.base, c.change] : c.base;
    const node: PmNodeJSON = { type: 'text', text: c.ch };
    if (marks.length) node.marks = marks;
    out.push(node);
    previous = c;
  }
  return out;
}
