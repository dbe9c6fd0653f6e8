import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { ExportDocument, Run } from './model.ts';
import { pdfFont } from './pdf-fonts.ts';

/**
 * The synopsis's PDF through pdfmake, for its three-column tables; the flowing export
 * (pdf.ts) draws with PDFKit directly, which is several times faster for long drafts. Both set
 * the same page furniture: running header, page numbers, content hash, document properties.
 */

/** The frame of a pdfmake PDF export: fonts, page furniture, properties. */
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
