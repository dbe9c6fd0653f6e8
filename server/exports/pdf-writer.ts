import PDFDocument from 'pdfkit';
import { PLAIN_STYLE, type ExportDocument, type Run } from './model.ts';
import { pdfFontFiles } from './pdf-fonts.ts';

/**
 * A thin layer over PDFKit for the PDF exports: rich runs, a label in a fixed column beside
 * wrapped text, page furniture added once the page count is known, and the file as a Buffer.
 * Tables (the synopsis, pdf-table.ts) are drawn with it too.
 *
 * Why PDFKit directly and not pdfmake (which sits on top of it): pdfmake resolves about twenty
 * style properties through its style stack for every word, then draws every word with its own
 * text operation; for a 2,000-entry list that was three quarters of the export time (profile in
 * the export commit). PDFKit wraps and draws a run a line at a time.
 */

export const PAGE_MARGIN = { top: 64, bottom: 64, left: 56, right: 56 } as const;
const GREY = '#555555';
const TEXT = '#000000';
/** pdfmake's lineHeight 1.25 (the layout before the move) as PDFKit's gap between lines. */
const LINE_GAP_RATIO = 0.25;

export interface TextBox {
  x: number;
  width: number;
  size: number;
  /** Bold for the whole box (an entry's heading), whatever the runs say. */
  bold?: boolean;
  italic?: boolean;
  color?: string;
}

export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly fonts: ReturnType<typeof pdfFontFiles>;
  private readonly chunks: Buffer[] = [];
  private readonly finished: Promise<Buffer>;

  constructor(private readonly source: ExportDocument, orientation: 'portrait' | 'landscape') {
    const { meta } = source;
    const label = meta.comparisonLabel ?? meta.versionLabel;
    this.doc = new PDFDocument({
      size: 'A4',
      layout: orientation,
      margins: { ...PAGE_MARGIN },
      bufferPages: true,
      info: { Title: meta.title, Subject: label, Creator: 'Plenary', Producer: 'Plenary', Keywords: `content-hash:${meta.contentHash}` },
    });
    this.fonts = pdfFontFiles();
    for (const [name, file] of Object.entries(this.fonts)) this.doc.registerFont(name, file);
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.finished = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.doc.font('normal').fontSize(10.5).fillColor(TEXT);
  }

  get left(): number {
    return PAGE_MARGIN.left;
  }
  get contentWidth(): number {
    return this.doc.page.width - PAGE_MARGIN.left - PAGE_MARGIN.right;
  }
  /** Where text may start on a page (below the running header). */
  get pageTop(): number {
    return PAGE_MARGIN.top;
  }
  /** Where text must end on a page (above the footer). */
  get pageBottom(): number {
    return this.doc.page.height - PAGE_MARGIN.bottom;
  }

  /** Vertical space before the next block (pdfmake's top and bottom margins). */
  space(points: number): void {
    this.doc.y += points;
  }

  /** Starts a new page unless `height` points still fit on this one, so a label never parts from its text. */
  keepTogether(height: number): void {
    if (this.doc.y + height > this.pageBottom) this.doc.addPage();
  }

  newPage(): void {
    this.doc.addPage();
  }

  /** The height one line of text takes at `size`. */
  lineHeight(size: number): number {
    this.doc.fontSize(size);
    return this.doc.currentLineHeight(true) * (1 + LINE_GAP_RATIO);
  }

  /**
   * The height `runs` will take in the box, measured in the bold face when any of them is bold
   * (the widest face: a measure too large only leaves space, one too small would overrun the page).
   */
  heightOf(runs: readonly Run[], box: TextBox): number {
    const text = textPieces(runs)
      .map((p) => p.text)
      .join('');
    if (text.trim().length === 0) return this.lineHeight(box.size);
    const bold = box.bold || runs.some((r) => r.style.bold);
    this.doc.font(bold ? 'bold' : 'normal').fontSize(box.size);
    return this.doc.heightOfString(text, { width: box.width, lineGap: box.size * LINE_GAP_RATIO });
  }

  /** Plain text in one style, wrapped in the box; the cursor moves below it. */
  plain(text: string, box: TextBox): void {
    this.runs([{ kind: 'text', text, style: PLAIN_STYLE }], box);
  }

  /**
   * Runs wrapped in a box starting at the cursor's line. Colour never carries meaning alone:
   * insertions are underlined and deletions struck through as well as coloured.
   */
  runs(runs: readonly Run[], box: TextBox): void {
    const { doc } = this;
    const pieces = textPieces(runs);
    if (pieces.length === 0) {
      doc.y += this.lineHeight(box.size);
      return;
    }
    const y = doc.y;
    pieces.forEach((run, i) => {
      const s = run.style;
      const change = s.change?.kind;
      doc.font(fontName(box.bold || s.bold, box.italic || s.italic)).fontSize(box.size).fillColor(runColor(s, box));
      const options: PDFKit.Mixins.TextOptions = {
        width: box.width,
        lineGap: box.size * LINE_GAP_RATIO,
        continued: i < pieces.length - 1,
        // Every option every time: PDFKit carries unset options over from the previous run.
        underline: s.underline || Boolean(s.link) || change === 'insert' || change === 'format',
        strike: s.strike || change === 'delete',
        link: s.link ?? null,
      };
      const text = run.text;
      // Only the first run is placed; the others continue where it ended (PDFKit reads
      // `text(s, undefined, undefined, options)` as no options at all, hence two calls).
      if (i === 0) doc.text(text, box.x, y, options);
      else doc.text(text, options);
    });
    doc.fillColor(TEXT);
  }

  /**
   * A label in a fixed column with wrapped text beside it ("4.A.5." | heading): both start on the
   * same line; the cursor ends below whichever is longer.
   */
  labelled(label: readonly Run[], labelBox: TextBox, runs: readonly Run[], textBox: TextBox): void {
    const { doc } = this;
    this.keepTogether(this.lineHeight(textBox.size));
    const top = doc.y;
    const page = this.pageIndex();
    this.runs(label, labelBox);
    const labelEnd = doc.y;
    doc.y = top;
    this.runs(runs, textBox);
    // The text may have run onto a new page; then its end is below the label's in reading order.
    if (this.pageIndex() === page) doc.y = Math.max(doc.y, labelEnd);
  }

  private pageIndex(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  /** Adds the running header and footer to every page and returns the finished file. */
  async finish(): Promise<Buffer> {
    const { doc, source } = this;
    const { meta } = source;
    const header = `${meta.title} — ${meta.comparisonLabel ?? meta.versionLabel}`;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const width = doc.page.width - PAGE_MARGIN.left - PAGE_MARGIN.right;
      const footerY = doc.page.height - PAGE_MARGIN.bottom + 16;
      doc.font('normal').fillColor(GREY);
      // lineBreak: false writes in the margins without PDFKit starting a new page.
      doc.fontSize(8.5).text(header, PAGE_MARGIN.left, 28, { lineBreak: false, width });
      doc.fontSize(7).text(`SHA-256 ${meta.contentHash}`, PAGE_MARGIN.left, footerY + 1.5, { lineBreak: false });
      const pageLabel = `Page ${i + 1} of ${range.count}`;
      doc.fontSize(8.5).text(pageLabel, PAGE_MARGIN.left + width - doc.widthOfString(pageLabel), footerY, { lineBreak: false });
    }
    doc.end();
    return this.finished;
  }
}

/**
 * Text runs with each line break joined to the text before it: PDFKit drops a continued piece that
 * is only a newline, but breaks the line at a newline inside a piece.
 */
function textPieces(runs: readonly Run[]): Array<{ text: string; style: Run['style'] }> {
  const pieces: Array<{ text: string; style: Run['style'] }> = [];
  for (const run of runs) {
    const last = pieces[pieces.length - 1];
    if (run.kind === 'break' && last) last.text += '\n';
    else if (run.kind === 'break') pieces.push({ text: '\n', style: run.style });
    else if (run.text.length > 0) pieces.push({ text: run.text, style: run.style });
  }
  return pieces;
}

function fontName(bold: boolean | undefined, italic: boolean | undefined): 'normal' | 'bold' | 'italics' | 'bolditalics' {
  return bold ? (italic ? 'bolditalics' : 'bold') : italic ? 'italics' : 'normal';
}

function runColor(s: Run['style'], box: TextBox): string {
  switch (s.change?.kind) {
    case 'insert':
      return '#0b5a2a';
    case 'delete':
      return '#8a1c1c';
    case 'format':
      return '#6a4c00';
    case undefined:
      return s.link ? '#1a4b8c' : (box.color ?? TEXT);
  }
}
