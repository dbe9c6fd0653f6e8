import { flatten } from './flatten.ts';
import { boldRuns, plainRun, type Block, type ExportDocument } from './model.ts';
import { PdfTable, type CellParagraph } from './pdf-table.ts';
import { PdfWriter } from './pdf-writer.ts';
import { synopsisEntries } from './synopsis.ts';

const COLUMNS = ['Current text', 'Proposed text', 'Rationale'] as const;
const CELL_SIZE = 9.5;
const ENTRY_HEADING_SIZE = 13;
const INDENT = 10;
const GREY = '#555555';

/**
 * The synopsis as PDF: landscape, per amended entry a heading and the three-column table
 * (current | proposed with the changes marked | rationale), drawn with PDFKit through the same
 * writer and page furniture as the draft PDF.
 */
export async function renderSynopsisPdf(doc: ExportDocument): Promise<Buffer> {
  const pdf = new PdfWriter(doc, 'landscape');
  const width = pdf.contentWidth;
  const entries = synopsisEntries(doc.blocks);
  pdf.plain(`${doc.meta.title} — synopsis`, { x: pdf.left, width, size: 18, bold: true });
  pdf.space(4);
  pdf.plain(`${doc.meta.comparisonLabel ?? doc.meta.versionLabel}. Deleted text is struck through; inserted text is underlined.`, { x: pdf.left, width, size: 9, color: GREY });
  pdf.space(14);
  if (entries.length === 0) pdf.plain('No entry is amended in this comparison.', { x: pdf.left, width, size: 10.5 });
  const table = new PdfTable(pdf, COLUMNS, CELL_SIZE);
  for (const entry of entries) {
    pdf.space(10);
    const title = entry.title.length ? entry.title : [plainRun('Text before the first entry')];
    const headingBox = { x: pdf.left, width, size: ENTRY_HEADING_SIZE, bold: true };
    // The entry's heading stays with its table's header row and first lines.
    pdf.keepTogether(pdf.heightOf(title, headingBox) + 4 + table.openingHeight);
    pdf.runs(title, headingBox);
    pdf.space(4);
    table.header();
    table.row([cell(entry.current), cell(entry.proposed), cell(entry.rationale)], title);
    pdf.space(4);
  }
  return pdf.finish();
}

/** A cell's paragraphs: the blocks' lines with their labels, indented by depth. */
function cell(blocks: readonly Block[]): CellParagraph[] {
  return flatten(blocks).map((line) => ({
    runs: [...(line.kind === 'containerHeading' ? boldRuns(line.label) : line.label), ...(line.label.length ? [plainRun(' ')] : []), ...line.runs],
    indent: line.depth * INDENT,
    bold: line.kind === 'heading',
  }));
}
