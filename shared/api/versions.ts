import { z } from 'zod';
import { VersionIdSchema } from '../ids.ts';

/** Longest version name, in characters (the UI and the server agree on it). */
export const VERSION_NAME_MAX = 120;

/** A version's name as typed by a member: trimmed, 1–120 characters. */
export const VersionNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(VERSION_NAME_MAX, `must be at most ${VERSION_NAME_MAX} characters`);

/** One ProseMirror mark in JSON (as in the editor's `getJSON()`). */
export interface PmMarkJSON {
  type: string;
  attrs?: Record<string, unknown>;
}

/** One ProseMirror node in JSON (as in the editor's `getJSON()`); the root is `{ type: 'doc' }`. */
export interface PmNodeJSON {
  type: string;
  attrs?: Record<string, unknown>;
  content?: PmNodeJSON[];
  marks?: PmMarkJSON[];
  text?: string;
}

/** Shape check of ProseMirror JSON; the schema check proper happens where it is turned into a document. */
export const PmMarkSchema: z.ZodType<PmMarkJSON> = z.object({ type: z.string(), attrs: z.record(z.string(), z.unknown()).optional() });
export const PmNodeSchema: z.ZodType<PmNodeJSON> = z.lazy(() =>
  z.object({
    type: z.string(),
    attrs: z.record(z.string(), z.unknown()).optional(),
    content: z.array(PmNodeSchema).optional(),
    marks: z.array(PmMarkSchema).optional(),
    text: z.string().optional(),
  }),
);

/** A member as versions show them: from the server's accounts, never client-claimed. */
export const VersionPersonSchema = z.object({
  userId: z.string(),
  name: z.string(),
  organisation: z.string(),
  color: z.string(),
});
export type VersionPerson = z.infer<typeof VersionPersonSchema>;

/**
 * Why a version exists: `saved` by a member with a name; `idle`, saved by the server after a burst
 * of editing followed by a quiet period; `before-restore`, the state just before a restore.
 */
export const VersionReasonSchema = z.enum(['saved', 'idle', 'before-restore']);
export type VersionReason = z.infer<typeof VersionReasonSchema>;

/** A version as listed. `contentHash` is the SHA-256 (hex) of its canonical text; see the README. */
export const VersionSummarySchema = z.object({
  id: VersionIdSchema,
  /** 1, 2, 3 … in the order versions of this draft were saved. */
  seq: z.number().int().positive(),
  name: z.string(),
  kind: z.enum(['named', 'auto']),
  reason: VersionReasonSchema,
  createdAt: z.string(),
  /** Who saved it; null for automatic versions. */
  savedBy: VersionPersonSchema.nullable(),
  /** Members who inserted or deleted text since the previous version. */
  contributors: z.array(VersionPersonSchema),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Bytes stored for this version (its encoded Yjs snapshot). */
  bytes: z.number().int().nonnegative(),
  isBaseline: z.boolean(),
});
export type VersionSummary = z.infer<typeof VersionSummarySchema>;

/** GET /api/drafts/:id/versions: newest first. */
export const VersionListSchema = z.object({
  versions: z.array(VersionSummarySchema),
  baselineId: VersionIdSchema.nullable(),
});
export type VersionList = z.infer<typeof VersionListSchema>;

/** POST /api/drafts/:id/versions (editors and coordinators). */
export const CreateVersionRequestSchema = z.strictObject({ name: VersionNameSchema });
export type CreateVersionRequest = z.infer<typeof CreateVersionRequestSchema>;

/**
 * PATCH /api/drafts/:id/versions/:versionId: rename (coordinators; editors their own named
 * versions) and/or make it the baseline (`true`) or stop it being the baseline (`false`;
 * coordinators). Strict: anything else in the body is refused.
 */
export const UpdateVersionRequestSchema = z
  .strictObject({ name: VersionNameSchema.optional(), baseline: z.boolean().optional() })
  .refine((b) => b.name !== undefined || b.baseline !== undefined, { message: 'name or baseline is required' });
export type UpdateVersionRequest = z.infer<typeof UpdateVersionRequestSchema>;

/** GET /api/drafts/:id/versions/:versionId: the version's content as the editor's JSON. */
export const VersionDetailSchema = z.object({ version: VersionSummarySchema, content: PmNodeSchema });
export type VersionDetail = z.infer<typeof VersionDetailSchema>;

/** `to` of a comparison: a version id, or `current` for the live draft. */
export const CompareTargetSchema = z.union([z.literal('current'), VersionIdSchema]);

/** The query of GET /api/drafts/:id/compare. */
export const CompareQuerySchema = z.object({ from: VersionIdSchema, to: CompareTargetSchema });

/** Who made a change and when (see shared/schema/redline.ts). */
export const ChangeAuthorSchema = VersionPersonSchema.extend({ at: z.string() });

/** One change of a comparison, in document order; `id` is the `changeId` on its redline marks. */
export const RedlineChangeSchema = z.object({
  id: z.string(),
  kind: z.enum(['insert', 'delete', 'format']),
  author: ChangeAuthorSchema,
  /** The start of the changed text, for lists and screen readers. */
  excerpt: z.string(),
});
export type RedlineChange = z.infer<typeof RedlineChangeSchema>;

/** Changes per member in a comparison. */
export const MemberChangeCountSchema = z.object({
  person: VersionPersonSchema,
  insertions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
  formatChanges: z.number().int().nonnegative(),
  insertedChars: z.number().int().nonnegative(),
  deletedChars: z.number().int().nonnegative(),
});
export type MemberChangeCount = z.infer<typeof MemberChangeCountSchema>;

/** One side of a comparison. */
export const ComparedSideSchema = z.object({ id: CompareTargetSchema, name: z.string(), at: z.string() });

/**
 * GET /api/drafts/:id/compare?from=ID&to=ID|current: the redline document (the ordinary schema plus
 * the redline marks of shared/schema/redline-extensions.ts), every change in order, and counts per
 * member. `from` is always the older side: the server swaps them when asked the other way round.
 */
export const CompareResponseSchema = z.object({
  from: ComparedSideSchema,
  to: ComparedSideSchema,
  document: PmNodeSchema,
  changes: z.array(RedlineChangeSchema),
  summary: z.array(MemberChangeCountSchema),
});
export type CompareResponse = z.infer<typeof CompareResponseSchema>;

/** POST /api/drafts/:id/versions/:versionId/restore (coordinators). */
export const RestoreResponseSchema = z.object({
  restored: VersionSummarySchema,
  /** The automatic version of the text just before the restore. */
  before: VersionSummarySchema,
});
export type RestoreResponse = z.infer<typeof RestoreResponseSchema>;
