import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../shared/api/export.ts';
import type { ProseMirrorJSON } from '../../shared/schema/canonical-text.ts';
import { documentSchema } from '../../shared/schema/extensions.ts';
import { REDLINE_DELETE_MARK, REDLINE_FORMAT_MARK, REDLINE_INSERT_MARK } from '../../shared/schema/redline.ts';
import { exportDocument } from '../../server/exports/exporter.ts';
import { MARK_RENDERINGS, NODE_RENDERINGS } from '../../server/exports/node-table.ts';
import { walkDocument } from '../../server/exports/walk.ts';
import { ALICE, doc, p, RICH_DRAFT, t } from './export-fixtures.ts';

const META = { title: 'Schema walk', versionLabel: 'Live draft', comparisonLabel: undefined, date: '2026-03-01T00:00:00.000Z', draftId: 'AAAAAAAAAAAAAAAAAAAAAA' };
const schema = documentSchema();
const REDLINE_MARKS = [REDLINE_INSERT_MARK, REDLINE_DELETE_MARK, REDLINE_FORMAT_MARK];

/** Every node type a document may hold, with the smallest valid document using it (from the schema itself). */
function minimalDocWith(nodeType: string, sentinel: string): ProseMirrorJSON {
  const type = schema.nodes[nodeType];
  if (!type) throw new Error(`no node ${nodeType}`);
  if (nodeType === 'doc') return doc(p(t(sentinel)));
  if (nodeType === 'text') return doc(p(t(sentinel)));
  if (type.isInline) return doc(p(t(sentinel), { type: nodeType }));
  // Fill the node with required content, then put the sentinel into its first textblock.
  const node = type.createAndFill();
  if (!node) throw new Error(`${nodeType} cannot be created on its own`);
  const json = node.toJSON() as ProseMirrorJSON;
  let placed = false;
  const place = (n: ProseMirrorJSON): void => {
    if (placed) return;
    const nt = schema.nodes[n.type];
    if (nt?.isTextblock) {
      n.content = [t(sentinel)];
      placed = true;
      return;
    }
    for (const c of n.content ?? []) place(c);
  };
  place(json);
  if (!placed) throw new Error(`${nodeType} holds no textblock`);
  return doc(json);
}

describe('every node and mark of the schema has a rendering in every format', () => {
  it('lists every node type of documentSchema() in the export node table', () => {
    const missing = Object.keys(schema.nodes).filter((n) => !(n in NODE_RENDERINGS));
    expect(missing, `node types without an export rendering: add them to server/exports/node-table.ts`).toEqual([]);
  });

  it('lists every mark of documentSchema() and the three redline marks in the export mark table', () => {
    const missing = [...Object.keys(schema.marks), ...REDLINE_MARKS].filter((m) => !(m in MARK_RENDERINGS));
    expect(missing, `marks without an export rendering: add them to server/exports/node-table.ts`).toEqual([]);
  });

  const nodeNames = Object.keys(schema.nodes);
  it.each(nodeNames)('keeps the text of a %s in every format, without fallbacks', async (nodeType) => {
    const sentinel = `Sentinel${nodeType.replace(/[^A-Za-z]/g, '')}Text`;
    const json = minimalDocWith(nodeType, sentinel);
    expect(walkDocument(json).unknownTypes).toEqual([]);
    for (const format of ['html', 'md', 'akn'] as const) {
      const { body } = await exportDocument(format, json, META);
      expect(body.toString('utf8'), `${nodeType} in ${format}`).toContain(sentinel);
    }
  });

  it.each([...Object.keys(schema.marks), ...REDLINE_MARKS])('keeps text carrying the %s mark in every format', async (mark) => {
    const attrs = mark === 'link' ? { href: 'https://example.org/x' } : mark.startsWith('redline') ? { ...ALICE, changeId: 'c1', added: ['bold'], removed: [] } : undefined;
    const sentinel = `Marked${mark.replace(/[^A-Za-z]/g, '')}Words`;
    const json = doc(p(t('before '), { type: 'text', text: sentinel, marks: [{ type: mark, ...(attrs ? { attrs } : {}) }] }));
    expect(walkDocument(json).unknownTypes).toEqual([]);
    for (const format of EXPORT_FORMATS) {
      const { body } = await exportDocument(format, json, META);
      expect(body.byteLength, `${mark} in ${format}`).toBeGreaterThan(0);
      if (format === 'html' || format === 'md' || format === 'akn') expect(body.toString('utf8'), `${mark} in ${format}`).toContain(sentinel);
    }
  });

  it('renders the whole rich fixture (every node and mark at once) in every format without fallbacks', async () => {
    expect(walkDocument(RICH_DRAFT).unknownTypes).toEqual([]);
    for (const format of EXPORT_FORMATS) expect((await exportDocument(format, RICH_DRAFT, META)).body.byteLength).toBeGreaterThan(500);
  });

  it('reports an unknown node type instead of dropping its text', async () => {
    const json = doc({ type: 'futureNode', content: [t('Kept although unknown')] });
    expect(walkDocument(json).unknownTypes).toEqual(['futureNode']);
    expect((await exportDocument('md', json, META)).body.toString('utf8')).toContain('Kept although unknown');
  });
});
