import { Fragment, Slice } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import { documentSchema } from '../schema/extensions.ts';
import { createConverter, fromProseMirror } from './from-prosemirror.ts';
import { toProseMirror } from './to-prosemirror.ts';
import { parseText } from './parse-text.ts';
import { runChecks } from './run-checks.ts';
import { createChecker } from './checker.ts';
import type { ControlListDoc } from './model.ts';
import sample from './fixtures/sample-proposal.txt?raw';
import withProblems from './fixtures/sample-with-problems.txt?raw';

const FIXTURES: Record<string, string> = { 'sample-proposal.txt': sample, 'sample-with-problems.txt': withProblems };
const fixture = (name: string) => FIXTURES[name] ?? '';

function editorDoc(text: string) {
  let n = 0;
  const json = toProseMirror(parseText(text), { lines: text.split('\n'), makeId: () => `u${++n}` });
  const node = documentSchema().nodeFromJSON(json);
  node.check();
  return node;
}

const shape = (doc: ControlListDoc) =>
  doc.categories.map((c) => [c.number, c.part, c.groups.map((g) => [g.letter, g.entries.map((e) => e.identifier.text)])]);

describe('fromProseMirror', () => {
  it('round-trips the sample proposal through the editor schema with the same structure and no problems', () => {
    const text = fixture('sample-proposal.txt');
    const parsed = parseText(text);
    const conv = fromProseMirror(editorDoc(text));
    expect(shape(conv.doc)).toEqual(shape(parsed));
    expect(conv.doc.definitions.map((d) => [d.term, d.categories])).toEqual(parsed.definitions.map((d) => [d.term, d.categories]));
    expect(runChecks(conv.doc)).toEqual([]);
  });

  it('finds the same problems in the editor document as in the text it came from', () => {
    const text = fixture('sample-with-problems.txt');
    const fromText = runChecks(parseText(text)).map((p) => [p.check, p.text]);
    const fromEditor = runChecks(fromProseMirror(editorDoc(text)).doc).map((p) => [p.check, p.text]);
    expect(fromText.length).toBeGreaterThan(0);
    expect(fromEditor.sort()).toEqual(fromText.sort());
  });

  it('locates every problem at the exact text it quotes, definitions included', () => {
    const node = editorDoc(fixture('sample-with-problems.txt'));
    const conv = fromProseMirror(node);
    const problems = runChecks(conv.doc).filter((p) => p.range);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) {
      const start = conv.locate(p.source.nodeId ?? '');
      expect(start, `${p.check}: ${p.text}`).not.toBeNull();
      const from = (start ?? 0) + (p.range?.from ?? 0);
      const to = (start ?? 0) + (p.range?.to ?? 0);
      expect(node.textBetween(from, to)).toBe(p.text);
    }
  });

  it('gives provisions their uid as node id and reports the entry a sub-item belongs to', () => {
    const conv = fromProseMirror(editorDoc(fixture('sample-proposal.txt')));
    const entry = conv.doc.categories[0]?.groups[1]?.entries[0];
    expect(entry?.identifier.text).toBe('4.D.4.');
    const item = entry?.notes[0]?.subItems[1];
    expect(item?.label).toBe('b');
    expect(conv.unitOf(item?.id ?? '')).toBe(entry?.id);
    expect(entry?.identifier.source.nodeId).toBe(`${entry?.id}#identifier`);
  });

  it('reuses the Entry objects of unchanged nodes, so the incremental checker skips them', () => {
    const node = editorDoc(fixture('sample-proposal.txt'));
    const converter = createConverter();
    const checker = createChecker();
    checker.check(converter.convert(node).doc);
    // Type one character into the first entry's heading.
    let headingPos = -1;
    node.descendants((n, pos) => {
      if (headingPos < 0 && n.type.name === 'clHeading') headingPos = pos + 1;
      return headingPos < 0;
    });
    const edited = node.replace(headingPos, headingPos, new Slice(Fragment.from(documentSchema().text('X')), 0, 0));
    const problems = checker.check(converter.convert(edited).doc);
    expect(checker.stats.reanalysed).toBe(1);
    expect(problems).toEqual([]);
  });

  it('treats a document without control-list nodes as prose only', () => {
    const node = documentSchema().nodeFromJSON({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hello' }] }] });
    const conv = fromProseMirror(node);
    expect(conv.doc.categories).toEqual([]);
    expect(conv.doc.prose.map((p) => p.text)).toEqual(['Hello']);
  });
});
