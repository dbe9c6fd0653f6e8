import fs from 'node:fs';
import path from 'node:path';

/**
 * Fonts for PDF exports. PDF's standard fonts are WinAnsi only, so drafts with any other script
 * would lose characters: we embed DejaVu (Debian's fonts-dejavu, read at run time, not committed)
 * and fall back to the standard Helvetica only when it is not installed. The paths are fixed here,
 * never taken from a draft.
 */
const DEJAVU_DIR = '/usr/share/fonts/truetype/dejavu';
const DEJAVU = {
  normal: path.join(DEJAVU_DIR, 'DejaVuSans.ttf'),
  bold: path.join(DEJAVU_DIR, 'DejaVuSans-Bold.ttf'),
  italics: path.join(DEJAVU_DIR, 'DejaVuSans-Oblique.ttf'),
  bolditalics: path.join(DEJAVU_DIR, 'DejaVuSans-BoldOblique.ttf'),
};
const STANDARD = { normal: 'Helvetica', bold: 'Helvetica-Bold', italics: 'Helvetica-Oblique', bolditalics: 'Helvetica-BoldOblique' };

/** The four faces for PDFKit (pdf-writer.ts): DejaVu files, or the standard fonts without them. */
export function pdfFontFiles(): Record<'normal' | 'bold' | 'italics' | 'bolditalics', string> {
  return Object.values(DEJAVU).every((f) => fs.existsSync(f)) ? DEJAVU : STANDARD;
}
