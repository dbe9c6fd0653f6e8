import type { ControlListDoc, Entry, TextRun } from '../../shared/domain/index.ts';
import { findDoubleQuoted, termKey } from '../../shared/domain/index.ts';

function runsOf(e: Entry): TextRun[] {
  const runs: TextRun[] = [e.heading];
  const items = (list: Entry['subItems']) => {
    for (const i of list) {
      runs.push(i.text);
      items(i.children);
    }
  };
  items(e.subItems);
  for (const n of e.notes) {
    runs.push(n.text);
    items(n.subItems);
  }
  return runs;
}

const perEntry = new WeakMap<Entry, Set<string>>();

/** The term keys an entry uses in "double quotes" (cached per Entry object, which the converter reuses). */
function termsOf(e: Entry): Set<string> {
  let terms = perEntry.get(e);
  if (!terms) {
    terms = new Set();
    for (const run of runsOf(e)) for (const span of findDoubleQuoted(run.text)) terms.add(termKey(span.term));
    perEntry.set(e, terms);
  }
  return terms;
}

/** For each defined term's key, the entries that use it, in document order. */
export function entriesByTerm(doc: ControlListDoc): Map<string, Entry[]> {
  const out = new Map<string, Entry[]>();
  for (const d of doc.definitions) out.set(termKey(d.term), []);
  for (const c of doc.categories) {
    for (const g of c.groups) {
      for (const e of g.entries) {
        for (const key of termsOf(e)) out.get(key)?.push(e);
      }
    }
  }
  return out;
}
