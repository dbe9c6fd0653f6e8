import { CHANGE_VERBS, readableDate, summariseChanges } from './changes.ts';
import { flatten, type Line } from './flatten.ts';
import { boldRuns, plainRun, type ExportDocument } from './model.ts';
import { PdfTable, textCell } from './pdf-table.ts';
import { PdfWriter } from './pdf-writer.ts';

/**
 * The draft as PDF: the same layout as the DOCX (headings, indented lists with the draft's
 * numbers, entries with identifiers in a fixed column, notes set smaller), selectable text with an
 * embedded Unicode font, page numbers, a running header with the title and version, and the
 * content hash in the footer. Redlines strike deletions and underline insertions (both coloured
 * too) and end with a change summary.
 */
export async function renderPdf(doc: ExportDocument): Promise<Buffer> {
  const pdf = new PdfWriter(doc, 'portrait');
  const width = pdf.contentWidth;
  pdf.plain(doc.meta.title, { x: pdf.left, width, size: 18, bold: true });
  pdf.space(4);
  pdf.plain(`${doc.meta.comparisonLabel ?? doc.meta.versionLabel} · ${readableDate(doc.meta.date)}`, { x: pdf.left, width, size: 9, color: '#555555' });
  pdf.space(14);
  for (const line of flatten(doc.blocks)) writeLine(pdf, line);
  if (doc.isRedline) writeChangeSummary(pdf, doc);
  return pdf.finish();
}

const INDENT = 18;
const BODY_SIZE = 10.5;
const NOTE_SIZE = 9.5;
const HEADING = [
  { size: 15, before: 12, after: 6 },
  { size: 13, before: 10, after: 4 },
  { size: 11.5, before: 8, after: 4 },
] as const;

function writeLine(pdf: PdfWriter, line: Line): void {
  const left = pdf.left + INDENT * line.depth + (line.quoted ? INDENT : 0);
  const width = pdf.left + pdf.contentWidth - left;
  const isNote = line.role === 'note' || line.role === 'technicalNote' || line.role === 'nb';
  const size = isNote ? NOTE_SIZE : BODY_SIZE;
  switch (line.kind) {
    case 'heading': {
      const h = HEADING[Math.min(3, line.level) - 1] ?? HEADING[0];
      pdf.space(h.before);
      pdf.keepTogether(pdf.lineHeight(h.size) * 2);
      pdf.runs(line.runs, { x: pdf.left, width: pdf.contentWidth, size: h.size, bold: true });
      pdf.space(h.after);
      return;
    }
    case 'listItem':
    case 'containerHeading': {
      if (isNote && line.kind === 'containerHeading') {
        // "Technical Note 2:" runs into its text rather than taking the identifier column.
        pdf.runs([...boldRuns(line.label), plainRun(' '), ...line.runs], { x: left, width, size });
        pdf.space(6);
        return;
      }
      const isContainer = line.kind === 'containerHeading';
      const labelWidth = line.label.length ? (isContainer && line.role !== 'subItem' ? 72 : 22) : 0;
      const gap = line.label.length ? 4 : 0;
      pdf.labelled(line.label, { x: left, width: Math.max(labelWidth, 1), size, bold: isContainer }, line.runs, {
        x: left + labelWidth + gap,
        width: width - labelWidth - gap,
        size,
        bold: isContainer && line.role === 'entry',
      });
      pdf.space(4);
      return;
    }
    case 'paragraph':
      pdf.runs(line.runs, { x: left, width, size, italic: line.quoted });
      pdf.space(6);
      return;
  }
}

const SUMMARY_COLUMNS = ['Change', 'Text', 'By', 'When'];
/** Points per column; the text takes what the others leave. */
const SUMMARY_WIDTHS = [70, 0, 110, 90];
const SUMMARY_SIZE = 9;

/** The change summary: a new page, a sentence, and a table of every change with its author. */
function writeChangeSummary(pdf: PdfWriter, doc: ExportDocument): void {
  const items = summariseChanges(doc.blocks);
  pdf.newPage();
  pdf.space(16);
  pdf.plain('Change summary', { x: pdf.left, width: pdf.contentWidth, size: 13, bold: true });
  pdf.space(6);
  pdf.plain(`${items.length} change${items.length === 1 ? '' : 's'}. Deleted text is struck through; inserted text is underlined.`, { x: pdf.left, width: pdf.contentWidth, size: BODY_SIZE });
  pdf.space(6);
  if (items.length === 0) return;
  const table = new PdfTable(pdf, SUMMARY_COLUMNS, SUMMARY_SIZE, SUMMARY_WIDTHS);
  table.header();
  for (const i of items) {
    table.row([textCell(CHANGE_VERBS[i.kind]), textCell(i.excerpt), textCell(i.organisation ? `${i.author}\n${i.organisation}` : i.author), textCell(readableDate(i.at))]);
  }
}
