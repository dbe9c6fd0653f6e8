import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { flatten } from './flatten.ts';
import { boldRuns, type Block, type ExportDocument } from './model.ts';
import { pdfBuffer, pdfRuns } from './pdfmake-frame.ts';
import { synopsisEntries } from './synopsis.ts';

/** The synopsis as PDF: landscape, per amended entry a heading and the three-column table. */
export async function renderSynopsisPdf(doc: ExportDocument): Promise<Buffer> {
  const entries = synopsisEntries(doc.blocks);
  const content: Content[] = [
    { text: `${doc.meta.title} — synopsis`, style: 'title' },
    { text: `${doc.meta.comparisonLabel ?? doc.meta.versionLabel}. Deleted text is struck through; inserted text is underlined.`, style: 'meta' },
  ];
  if (entries.length === 0) content.push({ text: 'No entry is amended in this comparison.', style: 'body' });
  for (const entry of entries) {
    content.push({ text: entry.title.length ? pdfRuns(entry.title) : 'Text before the first entry', style: 'h2', headlineLevel: 2 });
    const header: TableCell[] = ['Current text', 'Proposed text', 'Rationale'].map((t) => ({ text: t, bold: true, fillColor: '#eeeeee' }));
    content.push({ table: { headerRows: 1, dontBreakRows: false, widths: ['*', '*', '*'], body: [header, [cell(entry.current), cell(entry.proposed), cell(entry.rationale)]] }, margin: [0, 0, 0, 12] });
  }
  return pdfBuffer(doc, content, 'landscape');
}

function cell(blocks: Block[]): TableCell {
  const lines = flatten(blocks);
  if (lines.length === 0) return { text: '—' };
  return {
    stack: lines.map((line) => ({
      text: [...pdfRuns(line.kind === 'containerHeading' ? boldRuns(line.label) : line.label), ...(line.label.length ? [' '] : []), ...pdfRuns(line.runs)],
      margin: [line.depth * 10, 0, 0, 4] as [number, number, number, number],
      bold: line.kind === 'heading',
    })),
  };
}
