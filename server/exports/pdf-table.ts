import { plainRun, type Run } from './model.ts';
import type { PdfWriter, TextBox } from './pdf-writer.ts';

/**
 * A table for the PDF writer: columns of fixed widths or sharing the rest, a header row, and rows whose cells hold
 * paragraphs of formatted runs. Every paragraph is measured before anything is drawn, so a row
 * that does not fit breaks between paragraphs: what fits stays on this page, the rest continues on
 * the next under the repeated header row. (PDFKit would otherwise start a new page in the middle
 * of a cell and carry on drawing at the left margin.)
 */

/** One paragraph of a cell: runs, indented by nesting depth, bold when it is a heading. */
export interface CellParagraph {
  runs: readonly Run[];
  indent: number;
  bold: boolean;
}

const PADDING = 4;
const PARAGRAPH_GAP = 4;
const HEADER_FILL = '#eeeeee';
const RULE = '#999999';
const CAPTION_COLOR = '#555555';
/** Below this much room a row starts on a new page rather than leave a sliver of a row behind. */
const MIN_SLICE_LINES = 3;

interface Measured {
  paragraph: CellParagraph;
  height: number;
}

export class PdfTable {
  private readonly widths: number[];

  /** `widths` in points per column; 0 (the default for all) shares out what the others leave. */
  constructor(
    private readonly pdf: PdfWriter,
    private readonly headings: readonly string[],
    private readonly size: number,
    widths: readonly number[] = headings.map(() => 0),
  ) {
    const fixed = widths.reduce((sum, w) => sum + w, 0);
    const shared = (pdf.contentWidth - fixed) / Math.max(1, widths.filter((w) => w === 0).length);
    this.widths = headings.map((_, i) => widths[i] || shared);
  }

  /** The height the header row and the first lines of a row take: keep a heading with them. */
  get openingHeight(): number {
    return this.headerHeight + this.pdf.lineHeight(this.size) * MIN_SLICE_LINES + 2 * PADDING;
  }

  private get headerHeight(): number {
    return this.pdf.lineHeight(this.size) + 2 * PADDING;
  }

  /** The header row (shaded, bold), at the cursor. */
  header(): void {
    const { doc } = this.pdf;
    const top = doc.y;
    const height = this.headerHeight;
    doc.rect(this.pdf.left, top, this.pdf.contentWidth, height).fill(HEADER_FILL);
    this.columns().forEach(({ x, width }, i) => {
      doc.y = top + PADDING;
      this.pdf.plain(this.headings[i] ?? '', { x: x + PADDING, width: width - 2 * PADDING, size: this.size, bold: true });
    });
    this.rules(top, top + height, true);
    doc.x = this.pdf.left;
    doc.y = top + height;
  }

  /**
   * One row; cells without paragraphs show a dash. Breaks across pages between paragraphs; the
   * next page starts with `caption` marked "(continued)", so a reader knows whose row it is.
   */
  row(cells: ReadonlyArray<readonly CellParagraph[]>, caption: readonly Run[] = []): void {
    let remaining = cells.map((cell, i) => this.measure(cell.length ? cell : [{ runs: [plainRun('—')], indent: 0, bold: false }], i));
    for (;;) {
      const room = this.pdf.pageBottom - this.pdf.doc.y - 2 * PADDING;
      const needed = Math.max(...remaining.map(total));
      if (needed <= room) {
        this.slice(remaining, false);
        return;
      }
      // Right under a repeated header (and its caption): a new page would not give more room.
      const atPageTop = this.pdf.doc.y <= this.pdf.pageTop + this.headerHeight + 2 * this.pdf.lineHeight(this.size);
      if (atPageTop) remaining = remaining.map((cell, i) => this.splitOverflowing(cell, i, room));
      let counts = remaining.map((cell) => fitting(cell, room));
      if (!atPageTop && (room < this.pdf.lineHeight(this.size) * MIN_SLICE_LINES || counts.every((n) => n === 0))) {
        this.continueOnNewPage(caption);
        continue;
      }
      // Only a single word taller than a page is left: it is drawn whole rather than cut.
      if (counts.every((n) => n === 0)) counts = remaining.map((cell) => Math.min(1, cell.length));
      this.slice(
        remaining.map((cell, i) => cell.slice(0, counts[i])),
        true,
      );
      remaining = remaining.map((cell, i) => cell.slice(counts[i]));
      this.continueOnNewPage(caption);
    }
  }

  /**
   * At the top of a page, the first paragraph that does not fit can never fit: it is split between
   * words, as many as fit on this page in the first part, the rest in a second.
   */
  private splitOverflowing(cell: Measured[], column: number, room: number): Measured[] {
    const count = fitting(cell, room);
    const next = cell[count];
    if (!next) return cell;
    const left = room - total(cell.slice(0, count));
    const words = wordRuns(next.paragraph.runs);
    const fits = (n: number) => this.pdf.heightOf(words.slice(0, n).flat(), this.box(next.paragraph, column)) + PARAGRAPH_GAP <= left;
    let low = 0;
    let high = words.length - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (fits(mid)) low = mid;
      else high = mid - 1;
    }
    if (low === 0) return cell;
    const [head, tail] = [words.slice(0, low).flat(), words.slice(low).flat()];
    return [...cell.slice(0, count), ...this.measure([{ ...next.paragraph, runs: head }], column), ...this.measure([{ ...next.paragraph, runs: tail }], column), ...cell.slice(count + 1)];
  }

  private continueOnNewPage(caption: readonly Run[]): void {
    this.pdf.newPage();
    if (caption.length) {
      this.pdf.runs([...caption, plainRun(' (continued)')], { x: this.pdf.left, width: this.pdf.contentWidth, size: this.size, color: CAPTION_COLOR });
      this.pdf.space(3);
    }
    this.header();
  }

  private columns(): Array<{ x: number; width: number }> {
    let x = this.pdf.left;
    return this.widths.map((width) => {
      const column = { x, width };
      x += width;
      return column;
    });
  }

  /** Each paragraph's height with the gap after it, as it will be drawn in the column. */
  private measure(cell: readonly CellParagraph[], column: number): Measured[] {
    return cell.map((paragraph) => ({ paragraph, height: this.pdf.heightOf(paragraph.runs, this.box(paragraph, column)) + PARAGRAPH_GAP }));
  }

  /** Where a paragraph of a cell is set in its column. */
  private box(paragraph: CellParagraph, column: number): TextBox {
    const x = this.columns()[column]?.x ?? this.pdf.left;
    return { x: x + PADDING + paragraph.indent, width: (this.widths[column] ?? 0) - 2 * PADDING - paragraph.indent, size: this.size, bold: paragraph.bold };
  }

  /** Draws the given paragraphs of each cell side by side; `toPageEnd` extends the row's rules to the bottom margin. */
  private slice(cells: readonly Measured[][], toPageEnd: boolean): void {
    const { doc } = this.pdf;
    const top = doc.y;
    let end = top;
    this.columns().forEach((_, i) => {
      doc.y = top + PADDING;
      for (const { paragraph } of cells[i] ?? []) {
        this.pdf.runs(paragraph.runs, this.box(paragraph, i));
        doc.y += PARAGRAPH_GAP;
      }
      end = Math.max(end, doc.y);
    });
    const bottom = toPageEnd ? this.pdf.pageBottom : end - PARAGRAPH_GAP + PADDING;
    this.rules(top, bottom, false);
    doc.x = this.pdf.left;
    doc.y = bottom;
  }

  /** The column rules of a row from `top` to `bottom` and the rule below it (heavier under the header). */
  private rules(top: number, bottom: number, heavy: boolean): void {
    const { doc } = this.pdf;
    const left = this.pdf.left;
    const right = left + this.pdf.contentWidth;
    doc.lineWidth(0.5).strokeColor(RULE);
    for (const { x } of this.columns()) doc.moveTo(x, top).lineTo(x, bottom);
    doc.moveTo(right, top).lineTo(right, bottom).stroke();
    doc.moveTo(left, top).lineTo(right, top).stroke();
    doc
      .lineWidth(heavy ? 1 : 0.5)
      .strokeColor(heavy ? '#000000' : RULE)
      .moveTo(left, bottom)
      .lineTo(right, bottom)
      .stroke();
  }
}

/** A cell of one paragraph of plain text. */
export function textCell(text: string): CellParagraph[] {
  return [{ runs: [plainRun(text)], indent: 0, bold: false }];
}

function total(cell: readonly Measured[]): number {
  return cell.reduce((sum, p) => sum + p.height, 0);
}

/** Runs cut into words (each with the spaces after it), every piece keeping its run's style. */
function wordRuns(runs: readonly Run[]): Run[][] {
  const words: Run[][] = [];
  let word: Run[] = [];
  for (const run of runs) {
    if (run.kind !== 'text') {
      word.push(run);
      continue;
    }
    for (const part of (run.text.match(/\S*\s*/g) ?? []).filter((w) => w.length)) {
      word.push({ ...run, text: part });
      if (/\s$/.test(part)) {
        words.push(word);
        word = [];
      }
    }
  }
  if (word.length) words.push(word);
  return words;
}

/** How many of the cell's paragraphs fit in `room`, from the first. */
function fitting(cell: readonly Measured[], room: number): number {
  let used = 0;
  let count = 0;
  for (const { height } of cell) {
    if (used + height > room) break;
    used += height;
    count++;
  }
  return count;
}
