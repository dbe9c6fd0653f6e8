/**
 * The incremental checker's one promise: after any sequence of edits, its problems equal a full
 * `runChecks` pass on the same document. Edits are made the way the editor's converter makes them
 * — a changed unit is a new object, every other unit is the same object as before — so the
 * checker's reuse paths (identity, content keys, the changed range, the maintained index) are all
 * exercised, including edits that change what other units depend on.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createChecker } from './checker.ts';
import { runChecks } from './run-checks.ts';
import { generateDoc } from './fixtures/generate.ts';
import { parseText } from './parse-text.ts';
import type { CheckContext, ControlListDoc, Definition, Entry } from './model.ts';

/** The draft as a flat list of entries; sections follow from the identifiers, as in the editor. */
interface Flat {
  entries: Entry[];
  definitions: Definition[];
}

function flatten(doc: ControlListDoc): Flat {
  return { entries: doc.categories.flatMap((c) => c.groups.flatMap((g) => g.entries)), definitions: doc.definitions };
}

/** Rebuilds a document, grouping consecutive entries by the category and group their identifier names. */
function rebuild(flat: Flat): ControlListDoc {
  const doc: ControlListDoc = { convention: 'wassenaar', categories: [], definitions: flat.definitions, prose: [] };
  for (const entry of flat.entries) {
    const m = /^(\d)\.?([A-E])?/.exec(entry.identifier.text.trim());
    const number = m?.[1] ?? '';
    const letter = m?.[2] ?? '';
    let cat = doc.categories.at(-1);
    if (cat?.number !== number) doc.categories.push((cat = { number, groups: [] }));
    let group = cat.groups.at(-1);
    if (group?.letter !== letter) cat.groups.push((group = { letter, entries: [] }));
    group.entries.push(entry);
  }
  return doc;
}

const FRAGMENTS = [
  ' "software"',
  ' "Intrusion software"',
  ' "technology"',
  ' specified by 1.A.1.',
  ' see 1.B.2.a.',
  ' and 1.C.3.b.1.',
  ' see 9E999',
  " 'local term 1'",
  ' any of the following:',
  ' all of the following:',
  '; or',
  '; and',
  ' paragraphs a. to c. of this entry',
  ' x',
];
const IDENTIFIERS = ['1.A.1.', '1.A.3.', '1.A.9.', '1B002', '1.B.4.', '1.C.1.', '2.A.1.', '4.A.5.', '9.E.9.', '4.Z.1.', 'nonsense', ''];
const TERMS = ['Software', 'Technology', 'Intrusion software', 'Unused term'];
const CATEGORY_TAGS: Definition['categories'][] = ['all', ['1'], ['4'], [], ['1', '2', '3']];

type Edit =
  | { kind: 'heading'; at: number; text: string }
  | { kind: 'identifier'; at: number; text: string }
  | { kind: 'item'; at: number; text: string }
  | { kind: 'label'; at: number; label: string }
  | { kind: 'delete'; at: number }
  | { kind: 'copy'; at: number; to: number }
  | { kind: 'move'; at: number; to: number }
  | { kind: 'definition'; at: number; term: string; tags: number; text: string }
  | { kind: 'dropDefinition'; at: number }
  | { kind: 'baseline'; on: boolean };

const fragment = fc.constantFrom(...FRAGMENTS);
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('heading' as const), at: fc.nat(), text: fragment }),
  fc.record({ kind: fc.constant('identifier' as const), at: fc.nat(), text: fc.constantFrom(...IDENTIFIERS) }),
  fc.record({ kind: fc.constant('item' as const), at: fc.nat(), text: fragment }),
  fc.record({ kind: fc.constant('label' as const), at: fc.nat(), label: fc.constantFrom('a', 'b', 'c', 'd', '1') }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('copy' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({
    kind: fc.constant('definition' as const),
    at: fc.nat(),
    term: fc.constantFrom(...TERMS),
    tags: fc.nat({ max: CATEGORY_TAGS.length - 1 }),
    text: fragment,
  }),
  fc.record({ kind: fc.constant('dropDefinition' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('baseline' as const), on: fc.boolean() }),
);

let fresh = 0;

/** Applies one edit; every unit it does not change stays the same object. */
function apply(flat: Flat, e: Edit): Flat {
  const entries = [...flat.entries];
  const definitions = [...flat.definitions];
  const pick = <T,>(list: T[], at: number): [T | undefined, number] => [list[at % Math.max(1, list.length)], at % Math.max(1, list.length)];
  const [entry, i] = pick(entries, 'at' in e ? e.at : 0);
  switch (e.kind) {
    case 'heading':
      if (entry) entries[i] = { ...entry, heading: { ...entry.heading, text: entry.heading.text + e.text } };
      break;
    case 'identifier':
      if (entry) entries[i] = { ...entry, identifier: { ...entry.identifier, text: e.text } };
      break;
    case 'item': {
      const [first, ...rest] = entry?.subItems ?? [];
      if (entry && first) entries[i] = { ...entry, subItems: [{ ...first, text: { ...first.text, text: first.text.text + e.text } }, ...rest] };
      break;
    }
    case 'label': {
      const [first, ...rest] = entry?.subItems ?? [];
      if (entry && first) entries[i] = { ...entry, subItems: [{ ...first, label: e.label }, ...rest] };
      break;
    }
    case 'delete':
      if (entry) entries.splice(i, 1);
      break;
    case 'copy':
      if (entry) {
        fresh += 1;
        entries.splice(e.to % (entries.length + 1), 0, { ...entry, id: `copy${fresh}`, source: { nodeId: `copy${fresh}` } });
      }
      break;
    case 'move':
      if (entry) {
        entries.splice(i, 1);
        entries.splice(e.to % (entries.length + 1), 0, entry);
      }
      break;
    case 'definition': {
      const [def, d] = pick(definitions, e.at);
      const next: Definition = {
        id: def?.id ?? `def${++fresh}`,
        term: e.term,
        categories: CATEGORY_TAGS[e.tags] ?? 'all',
        text: { text: `means something${e.text}`, source: { nodeId: def?.id ?? `def${fresh}` } },
        subItems: [],
        notes: [],
        source: { nodeId: def?.id ?? `def${fresh}` },
      };
      if (def && e.at % 3 !== 0) definitions[d] = next;
      else definitions.push({ ...next, id: `def${++fresh}` });
      break;
    }
    case 'dropDefinition': {
      const [def, d] = pick(definitions, e.at);
      if (def) definitions.splice(d, 1);
      break;
    }
    case 'baseline':
      break;
  }
  return { entries, definitions };
}

/** 25 entries, five to a group in Category 1, so that order and duplicates within a group arise. */
function startingDraft(): Flat {
  const { entries, definitions } = flatten(generateDoc(200));
  return { entries: entries.slice(0, 25), definitions };
}

const BASELINE = parseText('Category 4\nA. Systems\n4.A.5. Systems having any of the following:\na. one; or\nb. two.\n9.E.9. Technology.');

describe('createChecker against runChecks', () => {
  it('gives the same problems as a full pass after every random edit', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 30 }), (edits) => {
        const checker = createChecker();
        let flat = startingDraft();
        let ctx: CheckContext = {};
        expect(checker.check(rebuild(flat), ctx)).toEqual(runChecks(rebuild(flat), ctx));
        for (const e of edits) {
          flat = apply(flat, e);
          if (e.kind === 'baseline') ctx = e.on ? { baseline: BASELINE } : {};
          const doc = rebuild(flat);
          expect(checker.check(doc, ctx)).toEqual(runChecks(doc, ctx));
        }
      }),
      { seed: 20261129, numRuns: 200 },
    );
  });
});
