import type { ExportFormat } from '../../shared/api/export.ts';

/** File extension and Content-Type of each format. */
export const FORMAT_FILES: Record<ExportFormat, { ext: string; contentType: string }> = {
  docx: { ext: 'docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  pdf: { ext: 'pdf', contentType: 'application/pdf' },
  html: { ext: 'html', contentType: 'text/html; charset=utf-8' },
  md: { ext: 'md', contentType: 'text/markdown; charset=utf-8' },
  akn: { ext: 'akn.xml', contentType: 'application/akn+xml; charset=utf-8' },
  'synopsis-docx': { ext: 'docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  'synopsis-pdf': { ext: 'pdf', contentType: 'application/pdf' },
};

/** A file-name part: letters, digits and dashes only (any script kept in the UTF-8 name). */
function slug(s: string, ascii: boolean): string {
  const normalised = ascii ? s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : s.normalize('NFC');
  const pattern = ascii ? /[^A-Za-z0-9]+/g : /[^\p{L}\p{N}]+/gu;
  return normalised.replace(pattern, '-').replace(/^-+|-+$/g, '').slice(0, 80);
}

/**
 * The file name of an export, from the title and version: "Annex-I-amendments-Live-draft.docx",
 * "…-redline-Baseline-to-Live-draft.pdf". Only letters, digits, dashes and the extension, so it is
 * safe in any file system and header.
 */
export function exportFileName(format: ExportFormat, title: string, parts: readonly string[], ascii = true): string {
  const synopsis = format.startsWith('synopsis') ? ['synopsis'] : [];
  const name = [title, ...synopsis, ...parts].map((p) => slug(p, ascii)).filter(Boolean).join('-') || 'draft';
  return `${name}.${FORMAT_FILES[format].ext}`;
}

/** Content-Disposition for a download: an ASCII fallback plus the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(format: ExportFormat, title: string, parts: readonly string[]): string {
  const ascii = exportFileName(format, title, parts, true);
  const utf8 = exportFileName(format, title, parts, false);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(utf8)}`;
}
