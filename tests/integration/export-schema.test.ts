import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/**
 * How each format shows text carrying a mark, as a test of the output (not of our code): a
 * pattern that must enclose the sentinel. The PDF shows marks only visually; its text is checked
 * with pdftotext, and a link's target in its annotations.
 */
const MARK_IN_FORMAT: Record<string, Record<'html' | 'md' | 'akn', (s: string) => RegExp>> = {
  bold: { html: (s) => new RegExp(`<strong>[^<]*${s}`), md: (s) => new RegExp(`\\*\\*[^*]*${s}[^*]*\\*\\*`), akn: (s) => new RegExp(`<b>[^<]*${s}`) },
  italic: { html: (s) => new RegExp(`<em>[^<]*${s}`), md: (s) => new RegExp(`_[^_]*${s}[^_]*_`), akn: (s) => new RegExp(`<i>[^<]*${s}`) },
  underline: { html: (s) => new RegExp(`<u>[^<]*${s}`), md: (s) => new RegExp(`<u>[^<]*${s}`), akn: (s) => new RegExp(`<u>[^<]*${s}`) },
  strike: { html: (s) => new RegExp(`<s>[^<]*${s}`), md: (s) => new RegExp(`~~[^~]*${s}[^~]*~~`), akn: (s) => new RegExp(`<span class="strike">[^<]*${s}`) },
  link: { html: (s) => new RegExp(`<a href="https://example.org/x"[^>]*>[^<]*${s}`), md: (s) => new RegExp(`\\[[^\\]]*${s}[^\\]]*\\]\\(<https://example.org/x>\\)`), akn: (s) => new RegExp(`<a href="https://example.org/x">[^<]*${s}`) },
  [REDLINE_INSERT_MARK]: { html: (s) => new RegExp(`<ins [^>]*>(?:<[^>]+>)*[^<]*${s}`), md: (s) => new RegExp(`<ins>(?:\\*\\*)?${s}`), akn: (s) => new RegExp(`<ins [^>]*>(?:<[^>]+>)*[^<]*${s}`) },
  [REDLINE_DELETE_MARK]: { html: (s) => new RegExp(`<del [^>]*>(?:<[^>]+>)*[^<]*${s}`), md: (s) => new RegExp(`~~(?:\\*\\*)?${s}`), akn: (s) => new RegExp(`<del [^>]*>(?:<[^>]+>)*[^<]*${s}`) },
  [REDLINE_FORMAT_MARK]: {
    html: (s) => new RegExp(`<span class="format-change"[^>]*>(?:<[^>]+>)*[^<]*${s}`),
    md: (s) => new RegExp(`<mark>(?:\\*\\*)?${s}`),
    akn: (s) => new RegExp(`<span class="formatChange"[^>]*>(?:<[^>]+>)*[^<]*${s}`),
  },
};

/** In document.xml: the run holding the sentinel has the mark's Word rendering. */
const MARK_IN_DOCX: Record<string, (runXml: string, before: string) => boolean> = {
  bold: (r) => /<w:b\/>|<w:b /.test(r),
  italic: (r) => /<w:i\/>|<w:i /.test(r),
  underline: (r) => /<w:u /.test(r),
  strike: (r) => /<w:strike\/>|<w:strike /.test(r),
  link: (_r, before) => openedAndNotClosed(before, 'w:hyperlink'),
  [REDLINE_INSERT_MARK]: (_r, before) => openedAndNotClosed(before, 'w:ins'),
  [REDLINE_DELETE_MARK]: (r, before) => openedAndNotClosed(before, 'w:del') && r.includes('<w:delText'),
  [REDLINE_FORMAT_MARK]: (r) => r.includes('<w:rPrChange'),
};

function openedAndNotClosed(xml: string, tag: string): boolean {
  return xml.lastIndexOf(`<${tag} `) > xml.lastIndexOf(`</${tag}>`) || xml.lastIndexOf(`<${tag}>`) > xml.lastIndexOf(`</${tag}>`);
}

const run = promisify(execFile);
let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plenary-schema-walk-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/**
 * A document with one copy of `nodeType` per mark, every textblock of copy i holding "before " and
 * a sentinel carrying mark i. Redline marks reach every textblock (a compare marks what changed,
 * even an identifier); formatting marks only those whose schema allows them.
 */
function markedDocWith(nodeType: string, marks: readonly string[]): { json: ProseMirrorJSON; sentinels: Array<{ mark: string; text: string }> } {
  const sentinels: Array<{ mark: string; text: string }> = [];
  const copies = marks.map((mark) => {
    const markType = schema.marks[mark];
    const attrs = mark === 'link' ? { href: 'https://example.org/x' } : mark.startsWith('redline') ? { ...ALICE, changeId: `c-${mark}`, added: ['bold'], removed: [] } : undefined;
    const fill = (n: ProseMirrorJSON): void => {
      const nt = schema.nodes[n.type];
      if (nt?.isTextblock) {
        if (markType && !nt.allowsMarkType(markType)) return;
        const text = `Sentinel${mark.replace(/[^A-Za-z]/g, '')}${sentinels.length}x`;
        sentinels.push({ mark, text });
        n.content = [t('before '), { type: 'text', text, marks: [{ type: mark, ...(attrs ? { attrs } : {}) }] }];
        return;
      }
      for (const c of n.content ?? []) fill(c);
    };
    const node = schema.nodes[nodeType]?.createAndFill()?.toJSON() as ProseMirrorJSON;
    fill(node);
    return node;
  });
  return { json: doc(...copies), sentinels };
}

describe('every mark keeps its rendering in every textblock of every node type (identifiers and headings included)', () => {
  const blockTypes = Object.keys(schema.nodes).filter((n) => !schema.nodes[n]?.isInline && n !== 'doc');
  const marks = [...Object.keys(schema.marks), ...REDLINE_MARKS];

  it.each(blockTypes)('%s', async (nodeType) => {
    const { json, sentinels } = markedDocWith(nodeType, marks);
    expect(sentinels.length).toBeGreaterThanOrEqual(REDLINE_MARKS.length);
    expect(walkDocument(json).unknownTypes).toEqual([]);
    const meta = { ...META, comparisonLabel: 'Changes' };
    for (const format of ['html', 'md', 'akn'] as const) {
      const out = (await exportDocument(format, json, meta)).body.toString('utf8');
      for (const { mark, text } of sentinels) expect(out, `${mark} on ${text} (a textblock of ${nodeType}) in ${format}`).toMatch(MARK_IN_FORMAT[mark]?.[format](text) ?? /never/);
    }
    const docx = path.join(dir, `${nodeType}.docx`);
    await fs.writeFile(docx, (await exportDocument('docx', json, meta)).body);
    const xml = (await run('unzip', ['-p', docx, 'word/document.xml'])).stdout;
    for (const { mark, text } of sentinels) {
      const at = xml.indexOf(text);
      expect(at, `${text} in docx`).toBeGreaterThan(0);
      const runStart = Math.max(xml.lastIndexOf('<w:r>', at), xml.lastIndexOf('<w:r ', at));
      expect(MARK_IN_DOCX[mark]?.(xml.slice(runStart, at), xml.slice(0, runStart)), `${mark} on ${text} (a textblock of ${nodeType}) in docx`).toBe(true);
    }
    // The PDF shows marks only visually: its text, and a link's target among its annotations.
    const pdf = path.join(dir, `${nodeType}.pdf`);
    const pdfBody = (await exportDocument('pdf', json, meta)).body;
    await fs.writeFile(pdf, pdfBody);
    const text = (await run('pdftotext', [pdf, '-'])).stdout;
    for (const s of sentinels) expect(text, `${s.text} in pdf`).toContain(s.text);
    if (sentinels.some((s) => s.mark === 'link')) expect(pdfBody.toString('latin1')).toContain('(https://example.org/x)');
  });
});
