import { z } from 'zod';
import { VersionIdSchema } from '../ids.ts';

/**
 * Every format of GET /api/drafts/:id/export. `synopsis-*` are the three-column comparison table
 * (current | proposed | rationale); the others are the whole draft, or a redline when `against`
 * is given.
 */
export const EXPORT_FORMATS = ['docx', 'pdf', 'html', 'md', 'akn', 'synopsis-docx', 'synopsis-pdf'] as const;
export const ExportFormatSchema = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

/** Formats that can show a redline (tracked changes, or struck and underlined text). */
export const REDLINE_FORMATS: readonly ExportFormat[] = ['docx', 'pdf', 'html', 'synopsis-docx', 'synopsis-pdf'];

/** Formats that are always a comparison, against the baseline unless `against` says otherwise. */
export const SYNOPSIS_FORMATS: readonly ExportFormat[] = ['synopsis-docx', 'synopsis-pdf'];

/** Human labels for the Export menu. */
export const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = {
  docx: 'Word (.docx)',
  pdf: 'PDF',
  html: 'Web page (.html)',
  md: 'Markdown (.md)',
  akn: 'Akoma Ntoso XML',
  'synopsis-docx': 'Synopsis table, Word',
  'synopsis-pdf': 'Synopsis table, PDF',
};

/**
 * The query of GET /api/drafts/:id/export. `version` picks what to export (default: the live
 * draft); `against` makes it a redline from that version to `version`. `against` may be 'baseline'.
 */
export const ExportQuerySchema = z.strictObject({
  format: ExportFormatSchema,
  version: VersionIdSchema.optional(),
  against: z.union([VersionIdSchema, z.literal('baseline')]).optional(),
});
export type ExportQuery = z.infer<typeof ExportQuerySchema>;

/** One recorded export (who, what, when), as GET /api/drafts/:id/exports lists them. */
export const ExportRecordSchema = z.object({
  id: z.number().int(),
  userId: z.string(),
  userName: z.string(),
  format: ExportFormatSchema,
  versionId: z.string().nullable(),
  againstId: z.string().nullable(),
  contentHash: z.string(),
  bytes: z.number().int(),
  at: z.string(),
});
export type ExportRecord = z.infer<typeof ExportRecordSchema>;

export const ExportRecordListSchema = z.object({ exports: z.array(ExportRecordSchema) });
