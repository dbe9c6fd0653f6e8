import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDocument } from '../../server/exports/exporter.ts';
import { ALICE, BOB, REDLINE_DRAFT, RICH_DRAFT, TERMS_DRAFT, del, doc, h, ins, p, t } from './export-fixtures.ts';

/**
 * The exports as real consumers read them: mammoth, LibreOffice (headless Writer), poppler's
 * pdftotext and xmllint against the OASIS Akoma Ntoso schema.
 */
const run = promisify(execFile);
const AKN_XSD = path.resolve(import.meta.dirname, '../../../shared/schemas/akn/akomantoso30.xsd');
const META = { title: 'Annex I proposals', versionLabel: 'Live draft', comparisonLabel: undefined, date: '2026-03-04T09:00:00.000Z', draftId: 'AAAAAAAAAAAAAAAAAAAAAA' };
const REDLINE_META = { ...META, comparisonLabel: 'Changes from Baseline to Live draft' };
let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plenary-export-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function write(name: string, body: Buffer): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, body);
  return file;
}

/** Converts with a private LibreOffice profile (a shared one locks between runs). */
async function soffice(file: string, to: string): Promise<string> {
  const profile = `file://${path.join(dir, 'lo-profile')}`;
  await run('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', to, '--outdir', dir, file], { timeout: 90_000 });
  return fs.readFile(file.replace(/\.docx$/, `.${to}`), 'utf8');
}

describe('DOCX', () => {
  it('reads back in mammoth with the text, headings, lists, links and Word numbering as in the draft', async () => {
    const { body } = await exportDocument('docx', RICH_DRAFT, META);
    const { value: html } = await mammoth.convertToHtml({ buffer: body });
    expect(html).toContain('<h1>Proposals on surveillance items</h1>');
    expect(html).toContain('<h1>Category 4 – Computers</h1>');
    expect(html).toContain('<h2>D. Software</h2>');
    expect(html).toMatch(/<ol><li>Third point of the preamble<\/li><li>Fourth point with a nested list<ul><li>Nested bullet one<\/li><li>Nested bullet two<\/li><\/ul><\/li><\/ol>/);
    expect(html).toContain('<strong>narrower</strong>');
    expect(html).toContain('<a href="https://example.org/paper">the position paper</a>');
    expect(html).toContain('4.D.4.');
    expect(html).toContain('Note 1:');
    expect(html).toContain('"Intrusion software" (4) means');
  });

  it('carries the title, version and content hash as document properties, and Plenary styles for entries and notes', async () => {
    const { body, contentHash } = await exportDocument('docx', RICH_DRAFT, META);
    const file = await write('props.docx', body);
    const { stdout: core } = await run('unzip', ['-p', file, 'docProps/core.xml']);
    const { stdout: custom } = await run('unzip', ['-p', file, 'docProps/custom.xml']);
    const { stdout: documentXml } = await run('unzip', ['-p', file, 'word/document.xml'], { maxBuffer: 10_000_000 });
    expect(core).toContain('<dc:title>Annex I proposals</dc:title>');
    expect(custom).toContain(contentHash);
    expect(custom).toContain('Live draft');
    expect(documentXml).toContain('w:val="PlenaryEntry"');
    expect(documentXml).toContain('w:val="PlenaryNote"');
    expect(documentXml).toContain('w:val="PlenarySubItem"');
    expect(documentXml).toContain('w:val="PlenaryDefinition"');
  });

  it('opens in LibreOffice, and the redline keeps its tracked insertions, deletions and format changes with authors and dates', async () => {
    const { body } = await exportDocument('docx', REDLINE_DRAFT, REDLINE_META);
    const fodt = await soffice(await write('redline.docx', body), 'fodt');
    const regions = [...fodt.matchAll(/<text:changed-region[^>]*text:id="([^"]+)"[\s\S]*?<\/text:changed-region>/g)].map((m) => ({ xml: m[0], id: m[1] ?? '' }));
    const kinds = regions.map((r) => /<text:(insertion|deletion|format-change)>/.exec(r.xml)?.[1]);
    expect(kinds).toEqual(['deletion', 'insertion', 'format-change', 'insertion']);
    const [deletion, insertion] = regions;
    expect(deletion?.xml).toContain('<dc:creator>Bob Baseline (Privacy Coalition)</dc:creator>');
    expect(deletion?.xml).toContain('<dc:date>2026-03-03T16:40:00</dc:date>');
    // LibreOffice keeps the deleted and inserted text in the body between change marks.
    expect(fodt).toContain(`<text:change-start text:change-id="${deletion?.id}"/>development<text:change-end text:change-id="${deletion?.id}"/>`);
    expect(fodt).toContain(`<text:change-start text:change-id="${insertion?.id}"/>&quot;development&quot; or &quot;production&quot;<text:change-end`);
    expect(insertion?.xml).toContain('<dc:creator>Alice Amendment (Digital Rights Watch)</dc:creator>');
  }, 120_000);

  it('opens the clean DOCX in LibreOffice with its text and no tracked changes', async () => {
    const { body } = await exportDocument('docx', RICH_DRAFT, META);
    const fodt = await soffice(await write('clean.docx', body), 'fodt');
    expect(fodt).toContain('Proposals on surveillance items');
    expect(fodt).toContain('Nested bullet two');
    expect(fodt).not.toContain('text:changed-region');
  }, 120_000);
});

async function pdfText(body: Buffer, name: string): Promise<string> {
  const file = await write(name, body);
  const { stdout } = await run('pdftotext', ['-layout', file, '-']);
  return stdout;
}

describe('PDF', () => {
  it('holds the draft text in reading order, the running header, page numbers and the content hash', async () => {
    const { body, contentHash } = await exportDocument('pdf', RICH_DRAFT, META);
    const text = await pdfText(body, 'rich.pdf');
    const order = ['Proposals on surveillance items', 'narrower', 'Third point of the preamble', 'Nested bullet two', 'quoted statement', 'Category 4 – Computers', '4.D.4.', 'providing authorised updates', 'Note 1:', 'N.B.:', 'Definitions of terms', '"Intrusion software" (4)'];
    const positions = order.map((s) => text.indexOf(s));
    expect(positions.every((p) => p >= 0), `missing: ${order.filter((_, i) => positions[i] === -1).join(', ')}`).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(text).toContain('Annex I proposals — Live draft');
    expect(text).toMatch(/Page 1 of \d/);
    expect(text).toContain(`SHA-256 ${contentHash}`);
  });

  it('keeps non-Latin text (embedded Unicode font)', async () => {
    const json = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Контроль экспорта — 出口管制 — Ελληνικά' }] }] };
    expect(await pdfText((await exportDocument('pdf', json, META)).body, 'unicode.pdf')).toContain('Контроль экспорта');
  });

  it('ends a redline with a change summary naming each change, its author and organisation', async () => {
    const text = await pdfText((await exportDocument('pdf', REDLINE_DRAFT, REDLINE_META)).body, 'redline.pdf');
    const summary = text.slice(text.indexOf('Change summary'));
    expect(summary).toContain('4 changes');
    expect(summary).toMatch(/Deleted\s+development\s+Bob Baseline/);
    expect(summary).toContain('Digital Rights Watch');
  });

  it('makes a synopsis with current | proposed | rationale for the amended entry only', async () => {
    const text = await pdfText((await exportDocument('synopsis-pdf', REDLINE_DRAFT, REDLINE_META)).body, 'synopsis.pdf');
    expect(text).toMatch(/Current text\s+Proposed text\s+Rationale/);
    expect(text).toContain('4.E.1. Technology');
    expect(text).toContain('Vulnerability research must stay free');
    expect(text).not.toContain('5.A.1.j. Surveillance systems');
  });

  it('breaks a synopsis row longer than a page between paragraphs, under the entry marked (continued) and a repeated header row, inside the margins', async () => {
    const numbers = Array.from({ length: 70 }, (_, i) => String(i + 1).padStart(2, '0'));
    const long = doc(
      h(2, t('5.A.2. Information security')),
      ...numbers.map((n) => p(t(`Clause ${n} on systems for lawful interception, `), t('old wording', del(BOB, `d${n}`)), t(`new wording ${n}`, ins(ALICE, `i${n}`)), t(' of the annex.'))),
      h(3, t('Rationale')),
      p(t('Closing the loophole for interception tools.')),
    );
    const { body } = await exportDocument('synopsis-pdf', long, REDLINE_META);
    const file = await write('long-synopsis.pdf', body);
    const pages = Number(/Pages:\s+(\d+)/.exec((await run('pdfinfo', [file])).stdout)?.[1]);
    expect(pages).toBeGreaterThan(1);
    const text = await pdfText(body, 'long-synopsis.pdf');
    // Every clause once, in order, on both sides; the rationale beside the first rows.
    const proposed = numbers.map((n) => text.indexOf(`new wording ${n}`));
    expect(proposed.every((i) => i >= 0)).toBe(true);
    expect(proposed).toEqual([...proposed].sort((a, b) => a - b));
    expect(text.match(/Clause \d\d on/g)).toHaveLength(2 * numbers.length);
    expect(text.indexOf('Closing the loophole')).toBeLessThan(proposed[5] ?? 0);
    for (let page = 1; page <= pages; page++) {
      const { stdout } = await run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-']);
      expect(stdout, `page ${page}`).toMatch(/Current text\s+Proposed text\s+Rationale/);
      expect(stdout, `page ${page}`).toContain(`Page ${page} of ${pages}`);
      if (page > 1) expect(stdout, `page ${page}`).toContain('5.A.2. Information security (continued)');
    }
    // No word of the table runs into the bottom margin (where only the footer stands).
    const { stdout: boxes } = await run('pdftotext', ['-bbox', file, '-']);
    const pageHeight = Number(/<page width="[\d.]+" height="([\d.]+)"/.exec(boxes)?.[1]);
    const inMargin = [...boxes.matchAll(/yMax="([\d.]+)">([^<]*)</g)].filter(([, yMax]) => Number(yMax) > pageHeight - 64).map(([, , word]) => word);
    expect(inMargin.filter((w) => !/^(SHA-256|[0-9a-f]{64}|Page|of|\d+)$/.test(w ?? ''))).toEqual([]);
  });
});

describe('Synopsis PDF with a paragraph longer than a page', () => {
  it('splits the paragraph between words across pages, every word kept in order and none in the margin', async () => {
    const words = Array.from({ length: 900 }, (_, i) => `w${String(i).padStart(3, '0')}`);
    const json = doc(h(2, t('5.A.3. Long rationale')), p(t('Text '), t('new', ins(ALICE, 'n1'))), h(3, t('Rationale')), p(t(words.join(' '))));
    const { body } = await exportDocument('synopsis-pdf', json, REDLINE_META);
    const file = await write('split.pdf', body);
    const { stdout: boxes } = await run('pdftotext', ['-bbox', file, '-']);
    const pageHeight = Number(/<page width="[\d.]+" height="([\d.]+)"/.exec(boxes)?.[1]);
    const placed = [...boxes.matchAll(/yMax="([\d.]+)">(w\d{3})</g)];
    expect(placed.map(([, , word]) => word)).toEqual(words);
    expect(placed.filter(([, yMax]) => Number(yMax) > pageHeight - 64)).toEqual([]);
    const pages = (boxes.match(/<page /g) ?? []).length;
    expect(pages).toBeGreaterThan(1);
    // Every page is the table's own: its header row repeated, not a page PDFKit started by itself.
    for (let page = 1; page <= pages; page++) {
      const { stdout } = await run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-']);
      expect(stdout, `page ${page}`).toMatch(/Current text\s+Proposed text\s+Rationale/);
    }
  });
});

describe('Synopsis DOCX', () => {
  it('holds a three-column table per amended entry, the current text without insertions and the proposed with them', async () => {
    const { body } = await exportDocument('synopsis-docx', REDLINE_DRAFT, REDLINE_META);
    const { value: html } = await mammoth.convertToHtml({ buffer: body });
    const tables = [...html.matchAll(/<table>[\s\S]*?<\/table>/g)].map((m) => m[0]);
    expect(tables).toHaveLength(1);
    const cells = [...(tables[0] ?? '').matchAll(/<t[hd]>([\s\S]*?)<\/t[hd]>/g)].map((m) => m[1] ?? '');
    expect(cells.slice(0, 3).map((c) => c.replace(/<[^>]+>/g, ''))).toEqual(['Current text', 'Proposed text', 'Rationale']);
    expect(cells[3]).toContain('development');
    expect(cells[3]).not.toContain('"production"');
    expect(cells[4]).toContain('"production"');
    expect(cells[4]).toContain('<s>development</s>');
    expect(cells[5]).toContain('Vulnerability research');
  });
});

describe('Akoma Ntoso', () => {
  it.each([
    ['the rich draft', RICH_DRAFT, META],
    ['a redline', REDLINE_DRAFT, REDLINE_META],
  ])('validates %s against the OASIS schema with xmllint', async (_label, json, meta) => {
    const file = await write('draft.akn.xml', (await exportDocument('akn', json, meta)).body);
    const result = await run('xmllint', ['--noout', '--schema', AKN_XSD, file]).catch((err: { stderr?: string; message?: string }) => ({ stderr: err.stderr ?? err.message ?? 'xmllint failed' }));
    expect(result.stderr).toContain('validates');
  });

  it('maps categories to chapter, groups to section, entries and sub-items to point with num, notes to hcontainer', async () => {
    const xml = (await exportDocument('akn', RICH_DRAFT, META)).body.toString('utf8');
    expect(xml).toMatch(/<chapter eId="chp_1"><heading>Category 4 – Computers<\/heading><section eId="sec_1"><heading>D\. Software<\/heading><point eId="point_1"><num>4\.D\.4\.<\/num><heading>/);
    expect(xml).toContain('<point eId="point_2"><num>a.</num><heading>providing authorised updates;</heading>');
    expect(xml).toMatch(/<hcontainer name="technicalNote" eId="hcont_\d+"><num>Technical Note:<\/num>/);
    expect(xml).toMatch(/<point eId="point_\d+"><heading>"<def refersTo="#term_intrusion-software">Intrusion software<\/def>" \(4\)/);
  });

  it('marks defined terms: a TLCTerm per definition, def at the definition, term refersTo at every quoted use', async () => {
    const file = await write('terms.akn.xml', (await exportDocument('akn', TERMS_DRAFT, META)).body);
    const xml = await fs.readFile(file, 'utf8');
    const validation = await run('xmllint', ['--noout', '--schema', AKN_XSD, file]).catch((err: { stderr?: string; message?: string }) => ({ stderr: err.stderr ?? err.message ?? 'xmllint failed' }));
    expect(validation.stderr).toContain('validates');
    const references = xml.slice(xml.indexOf('<references'), xml.indexOf('</references>'));
    expect(references).toContain('<TLCTerm eId="term_software" href="/akn/ontology/terms/plenary/software" showAs="Software"/>');
    expect(references).toContain('<TLCTerm eId="term_intrusion-software" href="/akn/ontology/terms/plenary/intrusion-software" showAs="Intrusion software"/>');
    expect(xml).toContain('"<def refersTo="#term_software">Software</def>" (All) means');
    expect(xml).toContain('"<def refersTo="#term_intrusion-software">Intrusion software</def>" (4) means "<term refersTo="#term_software">software</term>"');
    // A plural use refers to the singular definition; an undefined quoted word stays plain text.
    expect(xml).toContain('for the command of "<term refersTo="#term_intrusion-software">intrusion softwares</term>"');
    expect(xml).toContain('"development"');
    expect(xml).not.toMatch(/refersTo="#term_development"/);
    // Inside a redline insertion too.
    expect(xml).toMatch(/<ins title="[^"]*">"<term refersTo="#term_software">software<\/term>" only<\/ins>/);
    const referred = [...xml.matchAll(/<(?:term|def) refersTo="#([^"]+)"/g)].map((m) => m[1]);
    const declared = new Set([...references.matchAll(/<TLCTerm eId="([^"]+)"/g)].map((m) => m[1]));
    expect(referred.length).toBeGreaterThanOrEqual(6);
    expect(referred.filter((r) => !declared.has(r))).toEqual([]);
  });
});
