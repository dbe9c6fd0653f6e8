import fs from 'node:fs';
import path from 'node:path';
import pdfmake from 'pdfmake';

/**
 * Fonts for PDF exports. pdfmake's standard fonts are WinAnsi only, so drafts with any other script
 * would lose characters: we embed DejaVu (Debian's fonts-dejavu, read at run time, not committed)
 * and fall back to the standard Helvetica only when it is not installed. pdfmake may read exactly
 * these files and nothing else (its local-file policy); remote URLs are refused.
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

let configured: string | undefined;

/** Configures pdfmake (the synopsis's tables) once and returns the font family name to use. */
export function pdfFont(): string {
  if (configured) return configured;
  const files = Object.values(DEJAVU);
  const haveDejaVu = files.every((f) => fs.existsSync(f));
  const allowed = new Set<string>(haveDejaVu ? files : Object.values(STANDARD));
  pdfmake.setFonts(haveDejaVu ? { DejaVu: DEJAVU } : { Helvetica: STANDARD });
  pdfmake.setLocalAccessPolicy((p) => allowed.has(p));
  pdfmake.setUrlAccessPolicy(() => false);
  configured = haveDejaVu ? 'DejaVu' : 'Helvetica';
  return configured;
}
