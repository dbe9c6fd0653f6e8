import { DeletedTextRun, ExternalHyperlink, InsertedTextRun, TextRun, type IRunOptions, type ParagraphChild } from 'docx';
import type { Run, RunChange, RunStyle } from './model.ts';

/**
 * Runs to Word runs. Redline changes become genuine Word revisions (w:ins / w:del, and w:rPrChange
 * for formatting), each with its author ("Name (Organisation)") and date, so a delegation can
 * accept or reject them in Word.
 */
export class DocxRunWriter {
  /** Revision ids must be unique in the document. */
  private nextRevisionId = 1;

  /**
   * `tracked`: changes are Word revisions. `visual`: they are plain formatting (struck, underlined,
   * coloured), for tables meant to be read and printed as they are (the synopsis).
   */
  constructor(private readonly mode: 'tracked' | 'visual' = 'tracked') {}

  runs(runs: readonly Run[]): ParagraphChild[] {
    return runs.map((run) => this.run(run));
  }

  private run(run: Run): ParagraphChild {
    const s = run.style;
    const props = runProperties(s);
    const content: IRunOptions = run.kind === 'break' ? { ...props, break: 1 } : { ...props, text: run.text };
    const c = s.change;
    let child: ParagraphChild;
    if (c && this.mode === 'visual') {
      const visual: IRunOptions =
        c.kind === 'insert' ? { underline: {}, color: '0B5A2A' } : c.kind === 'delete' ? { strike: true, color: '8A1C1C' } : { underline: { type: 'dotted' }, color: '6A4C00' };
      child = new TextRun({ ...content, ...visual });
    } else if (c?.kind === 'insert') child = new InsertedTextRun({ ...content, ...this.revision(c) });
    else if (c?.kind === 'delete') child = new DeletedTextRun({ ...content, ...this.revision(c) });
    else if (c?.kind === 'format') child = new TextRun({ ...content, revision: { ...this.revision(c), ...runProperties(previousStyle(s, c)) } });
    else child = new TextRun(content);
    return s.link ? new ExternalHyperlink({ link: s.link, children: [child] }) : child;
  }

  private revision(c: RunChange): { id: number; author: string; date: string } {
    return { id: this.nextRevisionId++, author: authorOf(c), date: validDate(c.at) };
  }
}

/** How Word names the author of a revision. */
export const authorOf = (c: RunChange): string => (c.organisation ? `${c.author} (${c.organisation})` : c.author);

function runProperties(s: RunStyle): IRunOptions {
  return {
    ...(s.bold ? { bold: true } : {}),
    ...(s.italic ? { italics: true } : {}),
    ...(s.underline ? { underline: {} } : {}),
    ...(s.strike ? { strike: true } : {}),
    ...(s.link ? { style: 'Hyperlink' } : {}),
  };
}

/** The run's style before a format change: what was added is taken away, what was removed put back. */
function previousStyle(s: RunStyle, c: RunChange): RunStyle {
  const prev = { ...s };
  for (const [mark, on] of [...c.added.map((m) => [m, false] as const), ...c.removed.map((m) => [m, true] as const)]) {
    if (mark === 'bold' || mark === 'italic' || mark === 'underline' || mark === 'strike') prev[mark] = on;
  }
  return prev;
}

/** Word needs a valid date on every revision; a missing one becomes the epoch rather than an invalid file. */
function validDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? new Date(0).toISOString() : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
