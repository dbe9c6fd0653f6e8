import { HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, type FileChild } from 'docx';
import { buildDocx, lineParagraph } from './docx.ts';
import { DocxRunWriter } from './docx-runs.ts';
import { flatten } from './flatten.ts';
import type { Block, ExportDocument } from './model.ts';
import { synopsisEntries } from './synopsis.ts';

const COLUMNS = ['Current text', 'Proposed text', 'Rationale'] as const;

/**
 * The synopsis as Word: landscape pages, per amended entry a heading and a three-column table
 * (current | proposed | rationale). The proposed column marks changes as visible formatting
 * (struck deletions, underlined insertions), since the table is read, not accepted.
 */
export async function renderSynopsisDocx(doc: ExportDocument): Promise<Buffer> {
  const writer = new DocxRunWriter('visual');
  const entries = synopsisEntries(doc.blocks);
  const children: FileChild[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(`${doc.meta.title} — synopsis`)] }),
    new Paragraph({ children: [new TextRun({ text: `${doc.meta.comparisonLabel ?? doc.meta.versionLabel}. Deleted text is struck through; inserted text is underlined.`, color: '555555' })] }),
  ];
  if (entries.length === 0) children.push(new Paragraph({ children: [new TextRun('No entry is amended in this comparison.')] }));
  for (const entry of entries) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, children: entry.title.length ? writer.runs(entry.title) : [new TextRun('Text before the first entry')] }));
    const cell = (blocks: Block[]) => {
      const paragraphs = flatten(blocks).map((line) => lineParagraph(line, writer));
      return new TableCell({ width: { size: 33, type: WidthType.PERCENTAGE }, children: paragraphs.length ? paragraphs : [new Paragraph('—')] });
    };
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ tableHeader: true, children: COLUMNS.map((c) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: c, bold: true })] })] })) }),
          new TableRow({ children: [cell(entry.current), cell(entry.proposed), cell(entry.rationale)] }),
        ],
      }),
    );
  }
  const landscape = { page: { size: { orientation: 'landscape' as const } } };
  return Packer.toBuffer(buildDocx(doc, [{ properties: landscape, children }]));
}
