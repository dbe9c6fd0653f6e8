import { Document, HeadingLevel, Packer, Paragraph } from 'docx';

/**
 * A Word document with one paragraph per line of `text`, Markdown `#` lines as Word headings —
 * the way a drafter's proposal looks when written in Word with typed labels. Used by the import
 * tests (integration and browser).
 */
export async function docxFromText(text: string): Promise<Buffer> {
  const levels = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const;
  const children = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const m = /^(#{1,3})\s+(.*)$/.exec(l);
      if (m) return new Paragraph({ text: m[2] ?? '', heading: levels[(m[1]?.length ?? 1) - 1] ?? HeadingLevel.HEADING_1 });
      return new Paragraph({ text: l });
    });
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}
