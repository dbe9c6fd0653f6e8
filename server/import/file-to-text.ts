
/** The file types the importer reads, by extension. */
export const IMPORT_EXTENSIONS = ['.docx', '.md', '.txt'] as const;

/** Why a file could not be read; the message is shown to the drafter as is. */
export class UnreadableFile extends Error {}

function extensionOf(filename: string): (typeof IMPORT_EXTENSIONS)[number] | null {
  const lower = filename.toLowerCase();
  return IMPORT_EXTENSIONS.find((ext) => lower.endsWith(ext)) ?? null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code.startsWith('#x') || code.startsWith('#X')) return String.fromCodePoint(parseInt(code.slice(2), 16));
    if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

/**
 * Mammoth's HTML, one line per paragraph. Word headings become Markdown headings so the parser
 * never treats them as the continuation of an entry; every paragraph is its own line, with no
 * blank lines between, because in Word a paragraph after an entry is its next part, not prose.
 */
export function docxHtmlToLines(html: string): string {
  const text = html
    .replace(/<h([1-6])[^>]*>/gi, (_m, n: string) => `\n${'#'.repeat(Number(n))} `)
    .replace(/<\/(h[1-6]|p|li|tr)>|<br\s*\/?>/gi, '\n')
    .replace(/<\/t[dh]>/gi, ' ')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .join('\n');
}

/**
 * The text of an uploaded file, ready for the text parser. Throws `UnreadableFile` with a
 * message for the drafter when the file is empty, of another type, not valid UTF-8, or not a
 * readable Word document. Mammoth reads .docx (keeping insertions, dropping deletions).
 */
export async function fileToText(filename: string, bytes: Uint8Array): Promise<string> {
  const ext = extensionOf(filename);
  if (!ext) throw new UnreadableFile(`Plenary imports .docx, .md and .txt files; "${filename}" is none of these.`);
  if (bytes.byteLength === 0) throw new UnreadableFile(`"${filename}" is empty.`);
  if (ext === '.docx') {
    // A .docx is a zip archive; anything else is refused before mammoth looks at it.
    if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
      throw new UnreadableFile(`"${filename}" is not a Word document (.docx). Save it from Word as .docx and try again.`);
    }
    try {
      // Loaded on first use, like the exporters: most processes never import a .docx.
      const { default: mammoth } = await import('mammoth');
      const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
      return docxHtmlToLines(value);
    } catch {
      throw new UnreadableFile(`"${filename}" could not be read as a Word document; it may be damaged. Open it in Word, save it again as .docx and retry.`);
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new UnreadableFile(`"${filename}" is not UTF-8 text. Save it as UTF-8 and try again.`);
  }
}
