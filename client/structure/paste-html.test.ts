// @vitest-environment jsdom
/**
 * Pasting Word and HTML lists: the clipboard HTML (fixtures shaped like what Word and a web page
 * put on the clipboard) is read into blocks, written out as list text and parsed by the shared
 * parser, which must find the identifiers, the nested sub-items with their labels, the notes and
 * the definitions.
 */
import { describe, expect, it } from 'vitest';
import { blocksFromHtml, hasListMarkup } from './paste-html.ts';
import { listTextFromBlocks } from '../../shared/domain/pasted-lists.ts';
import { parseText } from '../../shared/domain/parse-text.ts';
import type { ControlListDoc, SubItem } from '../../shared/domain/model.ts';
import wordList from '../../shared/domain/fixtures/paste-word-list.html?raw';
import htmlList from '../../shared/domain/fixtures/paste-html-list.html?raw';

function parsePasted(html: string): { text: string; doc: ControlListDoc } {
  const blocks = blocksFromHtml(html, new DOMParser());
  expect(hasListMarkup(blocks)).toBe(true);
  const text = listTextFromBlocks(blocks);
  return { text, doc: parseText(text) };
}

/** Sub-items as "label. text" lines, two spaces per level of nesting. */
function outline(items: readonly SubItem[], depth = 0): string[] {
  return items.flatMap((i) => [`${'  '.repeat(depth)}${i.label}. ${i.text.text}`, ...outline(i.children, depth + 1)]);
}

function entries(doc: ControlListDoc) {
  return doc.categories.flatMap((c) => c.groups.flatMap((g) => g.entries));
}

describe('pasting Word list paragraphs', () => {
  it('reads levels from mso-list, labels from the mso-list:Ignore spans, and generates labels for bullets', () => {
    const { text, doc } = parsePasted(wordList);
    expect(entries(doc).map((e) => e.identifier.text)).toEqual(['4.D.4.', '4.E.1.']);
    const [d4, e1] = entries(doc);
    expect(outline(d4?.subItems ?? [])).toEqual([
      'a. hiding its own presence from the device’s owner; or',
      'b. receiving instructions through all of the following:',
      '  1. a ‘command server’; and',
      '  2. an encrypted channel.',
    ]);
    expect(d4?.notes.map((n) => [n.kind, n.text.text])).toEqual([
      ['technicalNote', '‘Command server’ means a computer that sends instructions to installed "intrusion software".'],
    ]);
    // Word's bullets (Symbol ·) are not labels: the items get the labels of their depth.
    expect(outline(e1?.subItems ?? [])).toEqual(['a. equipment specified by 4.A.5.; or', 'b. "software" specified by 4.D.4.']);
    expect(e1?.notes.map((n) => n.kind)).toEqual(['note']);
    expect(doc.definitions.map((d) => [d.term, d.categories])).toEqual([['Intrusion software', ['4']]]);
    // Nothing of the markup, the label spans' padding or Word's conditional comments leaks into the text.
    expect(text).not.toMatch(/[<>]|supportLists|mso-|\u00a0/);
  });
});

describe('pasting HTML lists', () => {
  it('turns <ol>/<li> nesting into sub-items labelled for the entry, with notes and section headings', () => {
    const { doc } = parsePasted(htmlList);
    expect(doc.categories.map((c) => [c.number, c.part, c.groups.map((g) => g.letter)])).toEqual([['5', 'Part 1', ['A']]]);
    const [j] = entries(doc);
    expect(j?.identifier.text).toBe('5.A.1.j.');
    // An entry that is itself a sub-item (5.A.1.j.) numbers its first level, then letters.
    expect(outline(j?.subItems ?? [])).toEqual([
      '1. carrying out all of the following on an IP network:',
      '  a. analysis of traffic at the application layer; and',
      '  b. extraction of chosen metadata and message content; and',
      '2. specially designed to do all of the following:',
      "  a. searching on 'hard selectors'; and",
      '  b. drawing the web of relationships around a person.',
    ]);
    expect(j?.notes.map((n) => n.kind)).toEqual(['note', 'technicalNote']);
  });

  it('keeps typed labels, follows a declared numbering, and ignores scripts and styles', () => {
    const html =
      '<p>4.A.5. Systems having any of the following:</p>' +
      '<ol type="1"><li>first; or</li><li>second.</li></ol>' +
      '<ul><li>(c) third.</li></ul><style>p { color: red }</style><script>alert(1)</script>';
    const text = listTextFromBlocks(blocksFromHtml(html, new DOMParser()));
    // A numbered list under a top-level entry sits one level down; "(c)" was typed, so it stays.
    expect(text.split('\n')).toEqual(['4.A.5. Systems having any of the following:', '1. first; or', '2. second.', 'c. third.']);
    expect(text).not.toMatch(/alert|color/);
  });

  it('finds no list markup in plain paragraphs, so the plain-text path handles them', () => {
    expect(hasListMarkup(blocksFromHtml('<p>4.A.5. Systems.</p><p>a. one.</p>', new DOMParser()))).toBe(false);
  });
});
