import { z } from 'zod';
import { DraftSummarySchema } from './drafts.ts';

/**
 * POST /api/drafts/import?filename=NAME[&title=TITLE]: the body is the file's bytes (.docx, .md
 * or .txt). The answer is the new draft and what was recognised in the file.
 */
export const ImportDraftResponseSchema = z.object({
  draft: DraftSummarySchema,
  entries: z.number().int().nonnegative(),
  definitions: z.number().int().nonnegative(),
});
export type ImportDraftResponse = z.infer<typeof ImportDraftResponseSchema>;

/** The query of an import: the file's name (its extension picks the reader) and an optional title. */
export const ImportDraftQuerySchema = z.object({
  filename: z.string().trim().min(1, 'is required').max(255, 'is too long'),
  title: z.string().trim().min(1).max(200).optional(),
});
export type ImportDraftQuery = z.infer<typeof ImportDraftQuerySchema>;
