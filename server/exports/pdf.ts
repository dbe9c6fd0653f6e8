import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { CHANGE_VERBS, readableDate, summariseChanges } from './changes.ts';
import { flatten, type Line } from './flatten.ts';
import type { ExportDocument, Run } from './model.ts';
import { pdfFont } from './pdf-fonts.ts';

/**
 * The draft as PDF: the same layout as the DOCX (headings, indented lists with the draft's
 * numbers, entries with identifiers in a fixed column, notes set smaller), selectable text with an
 * embedded Unicode font, page numbers, a running header with the title and version, and the
 * content hash in the footer. Redlines strike deletions and underline insertions (both coloured
 * too) and end with a change summary.
 */
export async function renderPdf(doc: ExportDocument): Promise<Buffer> {
  const content: Content[] = [titleBlock(doc), ...flatten(doc.blocks).map(lineContent)];
  if (doc.isRedline) content.push(...changeSummaryContent(doc));
  return pdfBuffer(doc, content, 'portrait');
}

/** The shared frame of every PDF export: fonts, page furniture, properties. */
export async function pdfBuffer(doc: ExportDocument, content: Content[], orientation: 'portrait' | 'landscape'): Promise<Buffer> {
  const font = pdfFont();
  const { meta } = doc;
  const label = meta.comparisonLabel ?? meta.versionLabel;
  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: orientation,
    pageMargins: [56, 64, 56, 64],
    info: { title: meta.title, subject: label, creator: 'Plenary', producer: 'Plenary', keywords: `content-hash:${meta.contentHash}` },
    defaultStyle: { font, fontSize: 10.5, lineHeight: 1.25 },
    header: () => ({ text: `${meta.title} — ${label}`, margin: [56, 28, 56, 0], fontSize: 8.5, color: '#555555' }),
    footer: (currentPage: number, pageCount: number) => ({
      margin: [56, 16, 56, 0],
      columns: [
        { text: `SHA-256 ${meta.contentHash}`, fontSize: 7, color: '#555555' },
        { text: `Page ${currentPage} of ${pageCount}`, alignment: 'right', fontSize: 8.5, color: '#555555', width: 90 },
      ],
    }),
    content,
    styles: {
      title: { fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
      meta: { fontSize: 9, color: '#555555', margin: [0, 0, 0, 14] },
      h1: { fontSize: 15, bold: true, margin: [0, 12, 0, 6] },
      h2: { fontSize: 13, bold: true, margin: [0, 10, 0, 4] },
      h3: { fontSize: 11.5, bold: true, margin: [0, 8, 0, 4] },
      body: { margin: [0, 0, 0, 6] },
      note: { fontSize: 9.5, margin: [0, 0, 0, 6] },
      summaryTitle: { fontSize: 13, bold: true, margin: [0, 16, 0, 6] },
    },
  };
  return pdfmake.createPdf(definition).getBuffer();
}

function titleBlock(doc: ExportDocument): Content {
  return [
    { text: doc.meta.title, style: 'title' },
    { text: `${doc.meta.comparisonLabel ?? doc.meta.versionLabel} · ${readableDate(doc.meta.date)}`, style: 'meta' },
  ];
}

const INDENT = 18;

function lineContent(line: Line): Content {
  const text = pdfRuns(line.runs);
  const left = INDENT * line.depth + (line.quoted ? INDENT : 0);
  const isNote = line.role === 'note' || line.role === 'technicalNote' || line.role === 'nb';
  switch (line.kind) {
    case 'heading':
      return { text, style: `h${Math.min(3, line.level)}`, headlineLevel: line.level };
    case 'listItem':
    case 'containerHeading': {
      if (isNote && line.kind === 'containerHeading') {
        // "Technical Note 2:" runs into its text rather than taking the identifier column.
        return { text: [{ text: `${line.label ?? ''} `, bold: true }, ...text], margin: [left, 0, 0, 6], style: 'note' };
      }
      const labelWidth = line.kind === 'containerHeading' && line.role !== 'subItem' ? 72 : 22;
      return {
        columns: [
          { text: line.label ?? '', width: line.label ? labelWidth : 0, bold: line.kind === 'containerHeading' },
          { text: text.length ? text : ' ', width: '*', bold: line.kind === 'containerHeading' && line.role === 'entry' },
        ],
        columnGap: 4,
        margin: [left, 0, 0, 4],
        style: isNote ? 'note' : 'body',
      };
    }
    case 'paragraph':
      return { text: text.length ? text : ' ', margin: [left, 0, 0, 6], style: isNote ? 'note' : 'body', italics: line.quoted };
  }
}

/** Runs as pdfmake inline text. Colour never carries meaning alone: struck / underlined too. */
export function pdfRuns(runs: readonly Run[]): Content[] {
  return runs.map((run) => {
    const s = run.style;
    const decoration: Array<'underline' | 'lineThrough'> = [];
    if (s.underline || s.link) decoration.push('underline');
    if (s.strike) decoration.push('lineThrough');
    let color: string | undefined = s.link ? '#1a4b8c' : undefined;
    if (s.change?.kind === 'insert') {
      if (!decoration.includes('underline')) decoration.push('underline');
      color = '#0b5a2a';
    } else if (s.change?.kind === 'delete') {
      if (!decoration.includes('lineThrough')) decoration.push('lineThrough');
      color = '#8a1c1c';
    } else if (s.change?.kind === 'format') color = '#6a4c00';
    return {
      text: run.kind === 'break' ? '\n' : run.text,
      ...(s.bold ? { bold: true } : {}),
      ...(s.italic ? { italics: true } : {}),
      ...(decoration.length ? { decoration } : {}),
      ...(s.change?.kind === 'format' ? { decorationStyle: 'dotted' as const, decoration: 'underline' as const } : {}),
      ...(color ? { color } : {}),
      ...(s.link ? { link: s.link } : {}),
    };
  });
}

function changeSummaryContent(doc: ExportDocument): Content[] {
  const items = summariseChanges(doc.blocks);
  const body = [
    [{ text: 'Change', bold: true }, { text: 'Text', bold: true }, { text: 'By', bold: true }, { text: 'When', bold: true }],
    ...items.map((i) => [CHANGE_VERBS[i.kind], i.excerpt, i.organisation ? `${i.author}\n${i.organisation}` : i.author, readableDate(i.at)]),
  ];
  return [
    { text: 'Change summary', style: 'summaryTitle', pageBreak: 'before' },
    { text: `${items.length} change${items.length === 1 ? '' : 's'}. Deleted text is struck through; inserted text is underlined.`, style: 'body' },
    ...(items.length ? [{ table: { headerRows: 1, widths: [70, '*', 110, 90], body }, fontSize: 9, layout: 'lightHorizontalLines' } satisfies Content] : []),
  ];
}
