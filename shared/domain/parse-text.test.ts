import { describe, expect, it } from 'vitest';
import { parseText } from './parse-text.ts';
import { hasStructure, type ControlListDoc, type Entry, type SubItem } from './model.ts';
import sample from './fixtures/sample-proposal.txt?raw';

function entries(doc: ControlListDoc): Entry[] {
  return doc.categories.flatMap((c) => c.groups.flatMap((g) => g.entries));
}

function entry(doc: ControlListDoc, identifier: string): Entry {
  const e = entries(doc).find((x) => x.identifier.text === identifier);
  if (!e) throw new Error(`no entry ${identifier}`);
  return e;
}

/** The sub-item tree as compact strings, e.g. ['a', 'b', 'b.1', 'b.2']. */
function outline(items: SubItem[], prefix = ''): string[] {
  return items.flatMap((i) => [`${prefix}${i.label}`, ...outline(i.children, `${prefix}${i.label}.`)]);
}

describe('parseText on the sample proposal', () => {
  const doc = parseText(sample);

  it('finds the categories, parts and groups', () => {
    expect(doc.convention).toBe('wassenaar');
    expect(doc.categories.map((c) => [c.number, c.part, c.title?.text])).toEqual([
      ['4', undefined, 'Computers'],
      ['5', 'Part 1', 'Telecommunications'],
    ]);
    expect(doc.categories[0]?.groups.map((g) => g.letter)).toEqual(['A', 'D', 'E']);
    expect(entries(doc).map((e) => e.identifier.text)).toEqual(['4.A.5.', '4.D.4.', '4.E.1.', '5.A.1.j.']);
  });

  it('keeps 1-based line numbers on entries, sub-items and notes', () => {
    const e = entry(doc, '4.D.4.');
    expect(e.source.line).toBe(17);
    expect(e.heading.source.line).toBe(17);
    expect(e.notes[0]?.text.source.line).toBe(18);
    expect(e.notes[0]?.subItems[1]?.children[0]?.text.source.line).toBe(21);
  });

  it('nests sub-items by label alternation', () => {
    expect(outline(entry(doc, '4.D.4.').notes[0]?.subItems ?? [])).toEqual(['a', 'b', 'b.1', 'b.2']);
    expect(outline(entry(doc, '5.A.1.j.').subItems)).toEqual(['1', '1.a', '1.b', '1.c', '2', '2.a', '2.b']);
  });

  it('reads numbered notes and splits "Technical Notes:" into numbered blocks', () => {
    const notes = entry(doc, '4.E.1.').notes.map((n) => [n.kind, n.number]);
    expect(notes).toEqual([
      ['note', 1],
      ['note', 2],
      ['technicalNote', 1],
      ['technicalNote', 2],
    ]);
  });

  it('reads definitions with their category tags, sub-items and notes', () => {
    expect(doc.definitions.map((d) => [d.term, d.categories])).toEqual([
      ['Development', 'all'],
      ['Intrusion software', ['4']],
      ['Software', 'all'],
      ['Technology', 'all'],
    ]);
    const intrusion = doc.definitions[1];
    expect(outline(intrusion?.subItems ?? [])).toEqual(['a', 'b']);
    expect(intrusion?.notes.map((n) => n.kind)).toEqual(['note', 'note', 'technicalNote', 'technicalNote']);
  });

  it('keeps title, summary and rationale as prose, including Markdown headings and lists', () => {
    expect(doc.prose[0]?.text).toBe('Coalition proposal: narrowing the surveillance-technology entries');
    expect(doc.prose.map((p) => p.text)).toContain('Rationale');
    expect(doc.prose.some((p) => p.text.startsWith('1. Clear and objective'))).toBe(true);
  });
});

describe('parseText layouts', () => {
  it('reads EU identifiers, Category 0 and infers the EU convention', () => {
    const doc = parseText('Category 0 – Nuclear\nA. Systems\n0A001 Reactors as follows:\na. vessels;\nb. pumps.');
    expect(doc.convention).toBe('eu');
    expect(doc.categories[0]?.number).toBe('0');
    expect(outline(entry(doc, '0A001').subItems)).toEqual(['a', 'b']);
  });

  it('normalises Word-style labels (a) and a) and Markdown bullets', () => {
    const doc = parseText('4.A.5. Things as follows:\n(a) one;\n- b) two;\n* (c) three.');
    expect(outline(entry(doc, '4.A.5.').subItems)).toEqual(['a', 'b', 'c']);
    expect(entry(doc, '4.A.5.').subItems[1]?.text.text).toBe('two;');
  });

  it('uses indentation when it is there', () => {
    const text = [
      '4.A.5. Things as follows:',
      'a. one:',
      '   1. deep one:',
      '      a. deeper',
      '   2. deep two',
      'b. two',
    ].join('\n');
    expect(outline(entry(parseText(text), '4.A.5.').subItems)).toEqual(['a', 'a.1', 'a.1.a', 'a.2', 'b']);
  });

  it('returns to a shallower list when the label continues it', () => {
    const text = '4.A.5. Things as follows:\na. one:\n1. x;\n2. y;\nb. two:\n1. z';
    expect(outline(entry(parseText(text), '4.A.5.').subItems)).toEqual(['a', 'a.1', 'a.2', 'b', 'b.1']);
  });

  it('accepts written-out paths such as "b.1." and "4.E.1.c."', () => {
    const text = '4.E.1. Things as follows:\na. one;\nb. two:\nb.1. x;\nb.2. y;\n4.E.1.c. three.';
    expect(outline(entry(parseText(text), '4.E.1.').subItems)).toEqual(['a', 'b', 'b.1', 'b.2', 'c']);
  });

  it('creates sections from the identifier when the text has no headings', () => {
    const doc = parseText('4A005 Things.\n4D004 Software.');
    expect(doc.categories.map((c) => [c.number, c.groups.map((g) => g.letter)])).toEqual([['4', ['A', 'D']]]);
  });

  it('keeps an entry under the section it appears in, even if its number disagrees', () => {
    const doc = parseText('Category 5\nD. Software\n4.A.5. Misplaced.');
    expect(doc.categories[0]?.number).toBe('5');
    expect(doc.categories[0]?.groups[0]?.entries[0]?.identifier.text).toBe('4.A.5.');
  });

  it('joins continuation lines, and ends the entry at a blank line followed by prose', () => {
    const doc = parseText('4.A.5. Systems\nthat continue here.\n\nThis is commentary.\na. not an item');
    expect(entry(doc, '4.A.5.').heading.text).toBe('Systems that continue here.');
    expect(entry(doc, '4.A.5.').subItems).toEqual([]);
    expect(doc.prose.map((p) => p.text)).toEqual(['This is commentary.', 'a. not an item']);
  });

  it('reads note header variants, with text on the same or the next line', () => {
    const text = [
      '4.D.4. Software.',
      'Note:',
      'text below the header.',
      'N.B.: See 4.A.5.',
      'N.B. to Note 1: Also 4.E.1.',
      'Technical Note: the term.',
    ].join('\n');
    const notes = entry(parseText(text), '4.D.4.').notes;
    expect(notes.map((n) => [n.kind, n.text.text, n.text.source.line])).toEqual([
      ['note', 'text below the header.', 3],
      ['nb', 'See 4.A.5.', 4],
      ['nb', 'Also 4.E.1.', 5],
      ['technicalNote', 'the term.', 6],
    ]);
  });

  it('accepts "Cat 4", several categories and curly quotes in definitions', () => {
    const doc = parseText('Definitions\n“Widget” (Cat 4 5) means a thing.\n"Gadget" (4, 6) means another.');
    expect(doc.definitions.map((d) => [d.term, d.categories, d.text.text])).toEqual([
      ['Widget', ['4', '5'], 'means a thing.'],
      ['Gadget', ['4', '6'], 'means another.'],
    ]);
  });

  it('reads Category 5 Part tags in definitions as Category 5, not as a Category 2', () => {
    const doc = parseText('Definitions\n"Cryptographic activation" (5P2) means enabling it.\n"Information security" (GSN 5P2 Cat 5 P2) means keeping it safe.\n"Interception" (4 5 Part 1) means listening.');
    expect(doc.definitions.map((d) => [d.term, d.categories])).toEqual([
      ['Cryptographic activation', ['5']],
      ['Information security', ['5']],
      ['Interception', ['4', '5']],
    ]);
  });

  it('handles CRLF line endings', () => {
    const doc = parseText('Category 4\r\nA. Systems\r\n4.A.5. Things.\r\n');
    expect(entry(doc, '4.A.5.').source.line).toBe(3);
  });

  it('tells the caller when nothing structural was found', () => {
    const doc = parseText('Dear colleagues,\n\nplease find our comments below.\nA. First point');
    expect(hasStructure(doc)).toBe(false);
    expect(doc.prose).toHaveLength(3);
    expect(hasStructure(parseText('4.A.5. Things.'))).toBe(true);
  });
});
