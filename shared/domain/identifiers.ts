/**
 * Entry identifiers in both conventions. Wassenaar writes `5.A.1.j.2.b.`, the EU Annex I writes
 * `5A001.j.2.b`: the same entry, with the EU adding a regime digit (0 = Wassenaar) and padding
 * the serial to two digits. Parsing is deliberately lenient — it accepts what a drafter might
 * type and records what is wrong as issue codes — so the identifier check can explain the fault
 * instead of merely refusing the text.
 */
import type { Convention, TextRun } from './model.ts';
import { checkLabelPath, compareLabels } from './labels.ts';

/** A decoded identifier, independent of the convention it was written in. */
export interface ControlId {
  /** '0'..'9'. */
  category: string;
  /** 'A'..'E' when well-formed. */
  group: string;
  /** EU regime digit; always 0 for Wassenaar entries. */
  regime: number;
  serial: number;
  /** Sub-item labels below the entry, e.g. `['j', '2', 'b']`. */
  path: string[];
}

/** What can be wrong with a typed identifier, independent of the draft's convention. */
export type IdentifierIssue =
  | 'missing-final-dot'
  | 'extra-final-dot'
  | 'category-range'
  | 'group-range'
  | 'lowercase-group'
  | 'serial-digits'
  | 'serial-zero'
  | 'path-alternation';

/** The result of a lenient parse: the id, the style it was written in, and its faults. */
export interface ParsedIdentifier {
  id: ControlId;
  style: Convention;
  issues: IdentifierIssue[];
}

const WASSENAAR = /^(\d+)\.([A-Za-z])\.(\d+)((?:\.[a-z0-9]+)*)(\.?)$/;
const EU = /^(\d+)([A-Za-z])(\d+)((?:\.[a-z0-9]+)*)(\.?)$/;

/**
 * Parses an identifier as typed (surrounding spaces ignored). Returns null when the text does not
 * look like an identifier at all; otherwise the id plus every issue found.
 */
export function parseIdentifier(raw: string): ParsedIdentifier | null {
  const text = raw.trim();
  const w = WASSENAAR.exec(text);
  const e = w ? null : EU.exec(text);
  const m = w ?? e;
  if (!m) return null;
  const [, cat = '', group = '', digits = '', tail = ''] = m;
  const issues: IdentifierIssue[] = [];
  const path = tail.split('.').filter((s) => s !== '');
  let regime = 0;
  let serial = Number(digits);
  if (w) {
    if (m[5] !== '.') issues.push('missing-final-dot');
  } else {
    if (m[5] === '.') issues.push('extra-final-dot');
    if (digits.length !== 3) issues.push('serial-digits');
    if (digits.length === 3) {
      regime = Number(digits.charAt(0));
      serial = Number(digits.slice(1));
    }
  }
  if (cat.length !== 1) issues.push('category-range');
  if (!/^[A-Ea-e]$/.test(group)) issues.push('group-range');
  else if (group !== group.toUpperCase()) issues.push('lowercase-group');
  if (serial === 0) issues.push('serial-zero');
  if (checkLabelPath(path)) issues.push('path-alternation');
  const id: ControlId = { category: cat, group: group.toUpperCase(), regime, serial, path };
  return { id, style: w ? 'wassenaar' : 'eu', issues };
}

const parsedRuns = new WeakMap<TextRun, { text: string; parsed: ParsedIdentifier | null }>();

/**
 * `parseIdentifier` of an identifier run, remembered per run object (and checked against its
 * text, which a parser may still extend): the converter, the unit view and the checks all need
 * it, once per entry. The result is shared, so callers must not modify it.
 */
export function parseRunIdentifier(run: TextRun): ParsedIdentifier | null {
  const known = parsedRuns.get(run);
  if (known && known.text === run.text) return known.parsed;
  const parsed = parseIdentifier(run.text);
  parsedRuns.set(run, { text: run.text, parsed });
  return parsed;
}

/**
 * Formats an id in a convention. Null when it has no form there: a Wassenaar identifier cannot
 * express an EU regime digit other than 0.
 */
export function formatIdentifier(id: ControlId, convention: Convention): string | null {
  if (convention === 'wassenaar') {
    if (id.regime !== 0) return null;
    return [id.category, id.group, String(id.serial), ...id.path].join('.') + '.';
  }
  const base = `${id.category}${id.group}${id.regime}${String(id.serial).padStart(2, '0')}`;
  return [base, ...id.path].join('.');
}

/**
 * A canonical string for an id, equal for the Wassenaar and EU spellings of the same entry or
 * sub-item, so references in either style resolve against entries in either style.
 */
export function idKey(id: ControlId): string {
  const base = `${id.category}${id.group}${id.regime}${String(id.serial).padStart(2, '0')}`;
  return id.path.length === 0 ? base : `${base}.${id.path.join('.')}`;
}

/**
 * Converts an identifier as typed into the other (or the same) convention; null when it does not
 * parse or cannot be expressed. `4.A.5.` ↔ `4A005`, `5.A.1.j.` ↔ `5A001.j`.
 */
export function convertIdentifier(raw: string, to: Convention): string | null {
  const parsed = parseIdentifier(raw);
  return parsed ? formatIdentifier(parsed.id, to) : null;
}

/**
 * A total order on ids: category, group, regime, serial, then the sub-item path label by label
 * (a parent sorts before its sub-items). This is the order entries must appear in.
 */
export function compareControlIds(a: ControlId, b: ControlId): number {
  const byNumber = Number(a.category) - Number(b.category);
  if (byNumber !== 0) return byNumber;
  if (a.category !== b.category) return a.category < b.category ? -1 : 1;
  if (a.group !== b.group) return a.group < b.group ? -1 : 1;
  if (a.regime !== b.regime) return a.regime - b.regime;
  if (a.serial !== b.serial) return a.serial - b.serial;
  const n = Math.min(a.path.length, b.path.length);
  for (let i = 0; i < n; i++) {
    const c = compareLabels(a.path[i] ?? '', b.path[i] ?? '');
    if (c !== 0) return c;
  }
  return a.path.length - b.path.length;
}
