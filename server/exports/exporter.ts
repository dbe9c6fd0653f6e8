import type { ExportFormat } from '../../shared/api/export.ts';
import { contentHash, type ProseMirrorJSON } from '../../shared/schema/canonical-text.ts';
import { renderAkn } from './akn.ts';
import { renderDocx } from './docx.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import type { ExportDocument, ExportMeta } from './model.ts';
import { renderPdf } from './pdf.ts';
import { renderSynopsisDocx } from './synopsis-docx.ts';
import { renderSynopsisPdf } from './synopsis-pdf.ts';
import { walkDocument } from './walk.ts';

export interface ExportResult {
  body: Buffer;
  contentHash: string;
  /** Node and mark types the walk did not know (rendered by a fallback); logged by the caller. */
  unknownTypes: string[];
}

/** Exports ProseMirror JSON (a draft, a version or a redline) in one format. */
export async function exportDocument(format: ExportFormat, json: ProseMirrorJSON, meta: Omit<ExportMeta, 'contentHash'>): Promise<ExportResult> {
  const hash = await contentHash(json);
  const walked = walkDocument(json);
  const doc: ExportDocument = { meta: { ...meta, contentHash: hash }, blocks: walked.blocks, isRedline: walked.isRedline };
  return { body: await render(format, doc), contentHash: hash, unknownTypes: walked.unknownTypes };
}

async function render(format: ExportFormat, doc: ExportDocument): Promise<Buffer> {
  switch (format) {
    case 'docx':
      return renderDocx(doc);
    case 'pdf':
      return renderPdf(doc);
    case 'html':
      return Buffer.from(renderHtml(doc), 'utf8');
    case 'md':
      return Buffer.from(renderMarkdown(doc), 'utf8');
    case 'akn':
      return Buffer.from(renderAkn(doc), 'utf8');
    case 'synopsis-docx':
      return renderSynopsisDocx(doc);
    case 'synopsis-pdf':
      return renderSynopsisPdf(doc);
  }
}
