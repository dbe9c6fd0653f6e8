/**
 * The incremental checker for the editor: re-checking after one keystroke must take a few
 * milliseconds on a 2,000-entry draft, so a pass only redoes what the edit can affect.
 *
 * - Local problems and facts are cached per unit. A unit is recognised as unchanged first by
 *   object identity (the converter reuses the objects of unchanged ProseMirror nodes), then by a
 *   content key — a string of the unit's text, labels and sources. Sources are part of the key
 *   because problems carry them: a line shift must not leave stale line numbers in cached problems.
 * - The units that changed form one contiguous range between an unchanged prefix and suffix. Only
 *   their facts leave and enter the draft index ({@link DraftIndex}), and the document-wide problems
 *   are kept per unit, so only these units are re-checked — plus the units whose problems depend
 *   on something the edit changed in the index: a key that appeared or disappeared (references to
 *   it), a term defined or no longer defined (its uses), who quotes a term (its definitions), an
 *   identifier now or formerly carried twice (duplicates), and the entry after the range (order).
 *   Finding those units takes one walk over the cached facts, done only when such a change happens;
 *   typing inside an entry usually changes none.
 */
import type { CheckContext, CheckId, ControlListDoc, Convention, Definition, Entry, NoteBlock, Problem, SubItem, TextRun } from './model.ts';
import { unitFacts, type UnitFacts } from './facts.ts';
import { inReadingOrder, type Finding, type LocalFinding } from './problems.ts';
import { viewUnit, type Unit } from './units.ts';
import { localFindings, unitGlobalFindings } from './run-checks.ts';
import { baselineIndex, DraftIndex, type DocIndex } from './doc-index.ts';

interface Summary {
  /** Where the unit sat when analysed: local checks depend on it (null section for definitions). */
  convention: Convention;
  category: string | null;
  group: string | null;
  key: string;
  local: LocalFinding[];
  facts: UnitFacts;
}

/** How much the last pass could reuse; for tests and the status bar's debug view. */
export interface CheckerStats {
  units: number;
  /** Units whose local problems and facts were computed afresh. */
  reanalysed: number;
  /** Units whose document-wide problems were computed afresh. */
  rechecked: number;
}

/** A stateful checker; call `check` with each new version of the same document. */
export interface Checker {
  check(doc: ControlListDoc, ctx?: CheckContext, only?: readonly CheckId[]): Problem[];
  readonly stats: CheckerStats;
  /** Drops every cached unit, e.g. after the baseline's convention or the check set changes. */
  reset(): void;
}

/** What an edit changed in the draft index; see the module comment. */
interface Dirty {
  /** Identifier, sub-item and ancestor keys that started or stopped existing. */
  keys: Set<string>;
  /** Terms that became defined or undefined. */
  terms: Set<string>;
  /** Terms whose users (count or categories) changed. */
  usage: Set<string>;
  /** Entry keys carried by a changed unit, before or after the edit. */
  entryKeys: Set<string>;
  /** True when some entry key in `entryKeys` is, or was, carried by more than one entry. */
  shared: boolean;
}

const NONE: readonly LocalFinding[] = [];

/** Creates an incremental checker whose results always equal `runChecks` on the same input. */
export function createChecker(): Checker {
  let byIdentity = new WeakMap<Entry | Definition, Summary>();
  let byContent = new Map<string, Summary>();
  let index = new DraftIndex();
  // Index-aligned: the units of the last pass and their document-wide problems.
  let summaries: Summary[] = [];
  let lastNodes: Array<Entry | Definition> = [];
  let globals: (readonly LocalFinding[])[] = [];
  let checkedBaseline: ControlListDoc | undefined | null = null;
  const stats: CheckerStats = { units: 0, reanalysed: 0, rechecked: 0 };

  /** The summary of a unit not known by identity in this place: from the content cache, or fresh. */
  const summarise = (unit: Unit): Summary => {
    const node = unit.kind === 'entry' ? unit.entry : unit.def;
    const place =
      unit.kind === 'entry' ? { convention: unit.env.convention, category: unit.env.category, group: unit.env.group } : { convention: unit.convention, category: null, group: null };
    const key = `${place.convention}|${place.category ?? ''}|${place.group ?? ''}\u0002${unit.kind === 'entry' ? entryKey(unit.entry) : definitionKey(unit.def)}`;
    let summary = byContent.get(key);
    if (!summary) {
      const view = viewUnit(unit);
      summary = { ...place, key, local: localFindings(view), facts: unitFacts(view) };
      byContent.set(key, summary);
      stats.reanalysed += 1;
    }
    byIdentity.set(node, summary);
    return summary;
  };

  /** The summaries of a document's units in order (see `unitsOf`), reusing every one it can. */
  const summariesOf = (doc: ControlListDoc): Summary[] => {
    const out: Summary[] = [];
    const nodes: Array<Entry | Definition> = [];
    const { convention } = doc;
    // Most units sit where they sat in the last pass: compare with that first, the map second.
    const recall = (node: Entry | Definition): Summary | undefined => {
      const k = nodes.length;
      nodes.push(node);
      return lastNodes[k] === node ? summaries[k] : byIdentity.get(node);
    };
    for (const cat of doc.categories) {
      for (const group of cat.groups) {
        for (const entry of group.entries) {
          const known = recall(entry);
          const here = known && known.convention === convention && known.category === cat.number && known.group === group.letter;
          out.push(here ? known : summarise({ kind: 'entry', entry, env: { convention, category: cat.number, group: group.letter } }));
        }
      }
    }
    for (const def of doc.definitions) {
      const known = recall(def);
      out.push(known && known.convention === convention ? known : summarise({ kind: 'definition', def, convention }));
    }
    // The content cache serves undo and re-created copies; it only needs to span about one document.
    if (byContent.size > 2 * out.length + 64) byContent = new Map(out.map((x) => [x.key, x] as const));
    lastNodes = nodes;
    return out;
  };

  /** Re-checks every unit: the first pass, and after the baseline changed. */
  const checkAll = (next: Summary[], baseline: DocIndex | null): void => {
    index = new DraftIndex();
    for (const s of next) index.add(s.facts);
    globals = new Array<readonly LocalFinding[]>(next.length);
    walk(next, baseline, () => true);
  };

  /**
   * Walks the units in order, re-checking those `affected` selects, with what the order and
   * duplicate checks need to know about the units above.
   */
  const walk = (next: Summary[], baseline: DocIndex | null, affected: (f: UnitFacts, i: number) => boolean): void => {
    let prevWithId: UnitFacts | null = null;
    const firstByKey = new Map<string, UnitFacts>();
    for (let i = 0; i < next.length; i++) {
      const f = (next[i] as Summary).facts;
      const firstSameKey = f.key === null ? null : (firstByKey.get(f.key) ?? null);
      if (affected(f, i)) recheck(i, f, prevWithId, firstSameKey, baseline);
      if (f.id) prevWithId = f;
      if (f.key !== null && !firstSameKey) firstByKey.set(f.key, f);
    }
  };

  const recheck = (
    i: number,
    f: UnitFacts,
    prevWithId: UnitFacts | null,
    firstSameKey: UnitFacts | null,
    baseline: DocIndex | null,
  ): void => {
    const found = unitGlobalFindings(f, { prevWithId, firstSameKey, draft: index, baseline });
    globals[i] = found.length > 0 ? found : NONE;
    stats.rechecked += 1;
  };

  /** Brings the index and the per-unit problems from the last pass's units to `next`. */
  const update = (next: Summary[], baseline: DocIndex | null): void => {
    const prev = summaries;
    const common = Math.min(prev.length, next.length);
    let start = 0;
    while (start < common && prev[start] === next[start]) start++;
    let tail = 0;
    while (tail < common - start && prev[prev.length - 1 - tail] === next[next.length - 1 - tail]) tail++;
    const oldEnd = prev.length - tail;
    const newEnd = next.length - tail;
    if (start === oldEnd && start === newEnd) return;
    const removed = prev.slice(start, oldEnd).map((s) => s.facts);
    const added = next.slice(start, newEnd).map((s) => s.facts);
    const dirty = applyEdit(index, removed, added);
    globals = [...globals.slice(0, start), ...new Array<readonly LocalFinding[]>(added.length), ...globals.slice(oldEnd)];

    // The order check of the first entry after the range compares it with the entry above it.
    let after = newEnd;
    while (after < next.length && !(next[after] as Summary).facts.id) after++;
    const inRange = (i: number): boolean => (i >= start && i < newEnd) || i === after;
    const needsWalk =
      dirty.keys.size > 0 || dirty.terms.size > 0 || dirty.usage.size > 0 || dirty.shared || sharesKey(next[after]);
    if (needsWalk) {
      walk(next, baseline, (f, i) => inRange(i) || touches(f, dirty));
      return;
    }
    // Nothing outside the range depends on the edit, and no entry key in it is carried twice.
    let prevWithId: UnitFacts | null = null;
    for (let j = start - 1; j >= 0 && !prevWithId; j--) {
      const f = (next[j] as Summary).facts;
      if (f.id) prevWithId = f;
    }
    for (let i = start; i < newEnd; i++) {
      const f = (next[i] as Summary).facts;
      recheck(i, f, prevWithId, null, baseline);
      if (f.id) prevWithId = f;
    }
    // The units between the range and `after` have no identifier, so `prevWithId` is its neighbour.
    if (after < next.length) recheck(after, (next[after] as Summary).facts, prevWithId, null, baseline);
  };

  const sharesKey = (s: Summary | undefined): boolean => {
    const key = s?.facts.key;
    return key !== null && key !== undefined && index.entryKeys.count(key) > 1;
  };

  return {
    stats,
    check(doc, ctx = {}, only) {
      stats.reanalysed = 0;
      stats.rechecked = 0;
      const next = summariesOf(doc);
      stats.units = next.length;
      const baseline = baselineIndex(ctx.baseline);
      if (checkedBaseline === null || ctx.baseline !== checkedBaseline) checkAll(next, baseline);
      else update(next, baseline);
      checkedBaseline = ctx.baseline;
      summaries = next;
      return assemble(summaries, globals, only);
    },
    reset() {
      byIdentity = new WeakMap();
      byContent = new Map();
      index = new DraftIndex();
      summaries = [];
      lastNodes = [];
      globals = [];
      checkedBaseline = null;
    },
  };
}

/**
 * Moves the changed units' facts out of and into the index, and says what that changed: the
 * state of every key the changed units mention is compared before and after.
 */
function applyEdit(index: DraftIndex, removed: readonly UnitFacts[], added: readonly UnitFacts[]): Dirty {
  const keys = new Map<string, boolean>();
  const terms = new Map<string, boolean>();
  const usage = new Map<string, string>();
  const entryKeys = new Map<string, number>();
  const usageOf = (term: string): string => `${index.usersOf(term)}|${index.categoriesUsing(term).join(',')}`;
  for (const f of [...removed, ...added]) {
    for (const k of f.provides) if (!keys.has(k)) keys.set(k, index.keys.has(k));
    if (f.key !== null && !entryKeys.has(f.key)) entryKeys.set(f.key, index.entryKeys.count(f.key));
    if (f.defines && !terms.has(f.defines.key)) terms.set(f.defines.key, index.terms.has(f.defines.key));
    for (const t of f.usedTerms) if (!usage.has(t)) usage.set(t, usageOf(t));
  }
  for (const f of removed) index.remove(f);
  for (const f of added) index.add(f);
  const dirty: Dirty = { keys: new Set(), terms: new Set(), usage: new Set(), entryKeys: new Set(entryKeys.keys()), shared: false };
  for (const [k, had] of keys) if (index.keys.has(k) !== had) dirty.keys.add(k);
  for (const [t, had] of terms) if (index.terms.has(t) !== had) dirty.terms.add(t);
  for (const [t, before] of usage) if (usageOf(t) !== before) dirty.usage.add(t);
  for (const [k, before] of entryKeys) if (before > 1 || index.entryKeys.count(k) > 1) dirty.shared = true;
  return dirty;
}

/** True when a unit's document-wide problems may depend on what the edit changed. */
function touches(f: UnitFacts, dirty: Dirty): boolean {
  if (dirty.shared && f.key !== null && dirty.entryKeys.has(f.key)) return true;
  if (f.defines && dirty.usage.has(f.defines.key)) return true;
  if (dirty.terms.size > 0 && f.termUses.some((u) => dirty.terms.has(u.key))) return true;
  if (dirty.keys.size === 0) return false;
  // A reference's message also says whether the entry above a missing sub-item exists.
  for (const ref of f.refs) {
    for (let k = ref.key; ; k = k.slice(0, k.lastIndexOf('.'))) {
      if (dirty.keys.has(k)) return true;
      if (!k.includes('.')) break;
    }
  }
  return false;
}

/** The problems of a pass in reading order, from per-unit local and document-wide findings. */
function assemble(
  summaries: readonly Summary[],
  globals: readonly (readonly LocalFinding[])[],
  only: readonly CheckId[] | undefined,
): Problem[] {
  const findings: Finding[] = [];
  for (let unit = 0; unit < summaries.length; unit++) {
    const local = (summaries[unit] as Summary).local;
    const global = globals[unit] ?? NONE;
    if (local.length === 0 && global.length === 0) continue;
    // Same order as sorting the whole pass: position in the unit, local before global on ties.
    const mine = [...local, ...global]
      .filter((f) => !only || only.includes(f.problem.check))
      .sort((a, b) => a.at - b.at || (a.problem.range?.from ?? 0) - (b.problem.range?.from ?? 0));
    for (const f of mine) findings.push({ ...f, unit });
  }
  return inReadingOrder(findings);
}

function runKey(run: TextRun): string {
  return `${run.source.nodeId ?? ''}@${run.source.line ?? ''}\u0001${run.text}`;
}

function itemsKey(items: readonly SubItem[]): string {
  let key = '';
  for (const item of items) {
    key += `[${item.label}${item.labelFixed ? '!' : ''}\u0003${runKey(item.text)}${itemsKey(item.children)}]`;
  }
  return key;
}

function notesKey(notes: readonly NoteBlock[]): string {
  let key = '';
  for (const n of notes) key += `{${n.kind}${n.number ?? ''}\u0003${runKey(n.text)}${itemsKey(n.subItems)}}`;
  return key;
}

/** The content key of an entry; see the module comment for why sources are included. */
export function entryKey(e: Entry): string {
  return `E${runKey(e.identifier)}\u0004${runKey(e.heading)}${itemsKey(e.subItems)}${notesKey(e.notes)}`;
}

/** The content key of a definition. */
export function definitionKey(d: Definition): string {
  const cats = d.categories === 'all' ? '*' : d.categories.join(',');
  return `D${d.term}\u0004${cats}\u0004${runKey(d.text)}${itemsKey(d.subItems)}${notesKey(d.notes)}`;
}
