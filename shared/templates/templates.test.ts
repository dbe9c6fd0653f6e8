import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import { documentSchema } from '../schema/extensions.ts';
import { fromProseMirror } from '../domain/from-prosemirror.ts';
import { runChecks } from '../domain/run-checks.ts';
import { proposalTemplate, SAMPLE_PROPOSAL_TEXT, sampleProposal } from './index.ts';
import fixture from '../domain/fixtures/sample-proposal.txt?raw';

function viaYjs(json: object): unknown {
  const doc = new Y.Doc({ gc: false });
  prosemirrorJSONToYXmlFragment(documentSchema(), json, doc.getXmlFragment('default'));
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return yXmlFragmentToProsemirrorJSON(copy.getXmlFragment('default'));
}

describe('templates', () => {
  it('keeps the sample text identical to the domain fixture', () => {
    expect(SAMPLE_PROPOSAL_TEXT).toBe(fixture);
  });

  it('builds a schema-valid sample that uses every control-list node and passes every check', () => {
    const node = documentSchema().nodeFromJSON(sampleProposal());
    node.check();
    const used = new Set<string>();
    node.descendants((n) => void used.add(n.type.name));
    for (const name of ['clCategory', 'clGroup', 'clEntry', 'clIdentifier', 'clHeading', 'clSubItem', 'clText', 'clNote', 'clDefinitions', 'clDefinition']) {
      expect(used, name).toContain(name);
    }
    expect(runChecks(fromProseMirror(node).doc)).toEqual([]);
    expect(node.firstChild?.type.name).toBe('heading');
  });

  it('round-trips the sample and the template through Yjs unchanged, attributes included', () => {
    let n = 0;
    const makeId = () => `id${++n}`;
    for (const json of [sampleProposal(makeId), proposalTemplate(makeId)]) {
      const schema = documentSchema();
      const before = schema.nodeFromJSON(json);
      const after = schema.nodeFromJSON(viaYjs(json));
      expect(after.eq(before)).toBe(true);
    }
  });

  it('gives the template one entry with labelled sub-items and one definition', () => {
    const conv = fromProseMirror(documentSchema().nodeFromJSON(proposalTemplate()));
    const entry = conv.doc.categories[0]?.groups[0]?.entries[0];
    expect(entry?.identifier.text).toBe('4.A.5.');
    expect(entry?.subItems.map((s) => s.label)).toEqual(['a', 'b']);
    expect(conv.doc.definitions.map((d) => [d.term, d.categories])).toEqual([['Term', ['4']]]);
  });
});
