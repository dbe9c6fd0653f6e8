import { z } from 'zod';
import { UserIdSchema } from '../ids.ts';
import { LIMITS } from '../limits.ts';
import type { Role } from '../roles.ts';
import { isSafeHref } from '../schema/link-policy.ts';
import { PmNodeSchema } from './versions.ts';

/*
 * The review contract: comment threads and tracked suggestions. Both live on the server, outside
 * the shared document, anchored to it by Yjs relative positions, so what a member may change is
 * decided by the server alone (see README, "Review and suggestions").
 */

const YIdSchema = z.strictObject({ client: z.number().int().nonnegative().max(0xffffffff), clock: z.number().int().nonnegative() });

/**
 * A Yjs relative position as `Y.relativePositionToJSON` writes it: attached to an item (a
 * character) of the shared document, so it follows its words through everyone's edits.
 */
export const RelativePositionSchema = z.strictObject({
  type: YIdSchema.optional(),
  tname: z.string().max(64).optional(),
  item: YIdSchema.optional(),
  assoc: z.number().int().min(-1).max(0).optional(),
});
export type RelativePositionJson = z.infer<typeof RelativePositionSchema>;

/** A range of the document: start sticks to its first character, end to its last. */
export const AnchorSchema = z.strictObject({ start: RelativePositionSchema, end: RelativePositionSchema });
export type Anchor = z.infer<typeof AnchorSchema>;

/** A comment's text. Stored and shown as plain text, never as HTML. */
export const CommentBodySchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(LIMITS.reviewTextMax, `must be at most ${LIMITS.reviewTextMax} characters`);

/** What a suggestion inserts ("\n" is a paragraph break). May be empty for a pure deletion. */
export const SuggestionTextSchema = z.string().max(LIMITS.reviewTextMax, `must be at most ${LIMITS.reviewTextMax} characters`);

const MentionsSchema = z.array(UserIdSchema).max(20).default([]);

/** POST /api/drafts/:id/threads: a new comment thread on a range. */
export const CreateThreadRequestSchema = z.strictObject({ anchor: AnchorSchema, body: CommentBodySchema, mentions: MentionsSchema });
export type CreateThreadRequest = z.input<typeof CreateThreadRequestSchema>;

/** POST /api/drafts/:id/threads/:threadId/comments: a reply (on a comment thread or a suggestion). */
export const ReplyRequestSchema = z.strictObject({ body: CommentBodySchema, mentions: MentionsSchema });
export type ReplyRequest = z.input<typeof ReplyRequestSchema>;

/** PATCH /api/drafts/:id/comments/:commentId: the author changes their comment. */
export const EditCommentRequestSchema = z.strictObject({
  body: CommentBodySchema,
  /** Who the edited text mentions; left out, the comment's mentions stay as they were. */
  mentions: z.array(UserIdSchema).max(20).optional(),
});

/** PUT /api/drafts/:id/threads/:threadId/status: resolve or reopen a comment thread. */
export const ThreadStatusRequestSchema = z.strictObject({ status: z.enum(['open', 'resolved']) });

/** The marks a format suggestion may add or remove: every mark of the document schema. */
export const SUGGESTIBLE_MARKS = ['bold', 'italic', 'underline', 'strike', 'link'] as const;
export type SuggestibleMark = (typeof SUGGESTIBLE_MARKS)[number];

/** How each mark is named in the text and the panel ("Bold", "Not bold"). */
export const MARK_LABELS: Record<SuggestibleMark, string> = { bold: 'Bold', italic: 'Italic', underline: 'Underline', strike: 'Strikethrough', link: 'Link' };

/** Add or remove one mark on the anchored range. A link to add carries its address (checked like any link). */
export const FormatChangeSchema = z
  .strictObject({
    type: z.literal('format'),
    mark: z.enum(SUGGESTIBLE_MARKS, { error: `must be one of ${SUGGESTIBLE_MARKS.join(', ')}` }),
    action: z.enum(['add', 'remove']),
    href: z.string().max(2048).optional(),
  })
  .refine((c) => c.mark !== 'link' || c.action === 'remove' || isSafeHref(c.href), {
    path: ['href'],
    message: 'a link needs an http, https or mailto address',
  })
  .refine((c) => c.href === undefined || c.mark === 'link', { path: ['href'], message: 'only a link has an address' });
export type FormatChange = z.infer<typeof FormatChangeSchema>;

/**
 * Join the textblock the anchor (a point at its start) is in to the one before it: Backspace at
 * the start of a paragraph, or Delete at the end of the one before. (Enter, the opposite, is a
 * "\n" in an insertion's text.)
 */
export const JoinChangeSchema = z.strictObject({ type: z.literal('join') });

/** The blocks a suggestion may insert: the structure commands' (entry, sub-item, note, definition). */
export const INSERTABLE_BLOCKS = ['clEntry', 'clSubItem', 'clNote', 'clDefinition', 'clDefinitions'] as const;
/** How a suggested new block is named in the text and the panel. */
export const BLOCK_LABELS: Record<(typeof INSERTABLE_BLOCKS)[number], string> = {
  clEntry: 'New entry',
  clSubItem: 'New sub-item',
  clNote: 'New note',
  clDefinition: 'New definition',
  clDefinitions: 'New Definitions section',
};
const MAX_BLOCK_JSON = 20_000;

/**
 * Insert new blocks (an entry with its identifier, heading and sub-items; a sub-item; a note; a
 * definition) at the anchor, a point between blocks. Only the shape is checked here; the server
 * checks the blocks against the document schema at that place (a 400 says why when they do not fit).
 */
export const InsertBlockChangeSchema = z
  .strictObject({
    type: z.literal('insertBlock'),
    content: z
      .array(PmNodeSchema)
      .min(1, 'must hold a block')
      .max(20, 'must hold at most 20 blocks')
      .refine((nodes) => nodes.every((n) => (INSERTABLE_BLOCKS as readonly string[]).includes(n.type)), {
        message: `each block must be one of ${INSERTABLE_BLOCKS.join(', ')}`,
      }),
  })
  .refine((c) => JSON.stringify(c.content).length <= MAX_BLOCK_JSON, { path: ['content'], message: `must be at most ${MAX_BLOCK_JSON} characters as JSON` });

/** Block-type and nesting changes a suggestion may make to the block the anchor (a point) is in. */
export const STRUCTURE_ACTIONS = ['paragraph', 'heading1', 'heading2', 'heading3', 'nest', 'unnest'] as const;
export type StructureAction = (typeof STRUCTURE_ACTIONS)[number];
/** How each structure change is named in the text and the panel. */
export const STRUCTURE_LABELS: Record<StructureAction, string> = {
  paragraph: 'Paragraph',
  heading1: 'Heading 1',
  heading2: 'Heading 2',
  heading3: 'Heading 3',
  nest: 'Nest',
  unnest: 'Un-nest',
};

/** Make the block a paragraph or a heading, or nest / un-nest the sub-item the anchor is in (Tab / Shift+Tab). */
export const StructureChangeSchema = z.strictObject({
  type: z.literal('structure'),
  action: z.enum(STRUCTURE_ACTIONS, { error: `must be one of ${STRUCTURE_ACTIONS.join(', ')}` }),
});

/** A suggestion that is not a replacement of text: formatting, joining two blocks, a new block or a structure change. */
export const SuggestedChangeSchema = z.discriminatedUnion('type', [FormatChangeSchema, JoinChangeSchema, InsertBlockChangeSchema, StructureChangeSchema]);
export type SuggestedChange = z.infer<typeof SuggestedChangeSchema>;

/**
 * POST /api/drafts/:id/suggestions: replace the anchored range by `insertText` ("\n" starts a
 * new block, as Enter does). An empty range is an insertion, an empty text a deletion; at least
 * one of them must be non-empty. With `change`, the suggestion formats or joins instead, and
 * `insertText` must be empty.
 */
export const CreateSuggestionRequestSchema = z
  .strictObject({ anchor: AnchorSchema, insertText: SuggestionTextSchema.default(''), change: SuggestedChangeSchema.optional() })
  .refine((r) => !r.change || r.insertText === '', { path: ['insertText'], message: 'must be empty for a format, join, block or structure suggestion' });
export type CreateSuggestionRequest = z.infer<typeof CreateSuggestionRequestSchema>;

/**
 * PATCH /api/drafts/:id/suggestions/:suggestionId: its author extends it while typing (the text,
 * or the content of a suggested new block).
 */
export const UpdateSuggestionRequestSchema = z.strictObject({
  anchor: AnchorSchema.optional(),
  insertText: SuggestionTextSchema.optional(),
  change: InsertBlockChangeSchema.optional(),
});
export type UpdateSuggestionRequest = z.infer<typeof UpdateSuggestionRequestSchema>;

/** POST /api/drafts/:id/suggestions-decide: accept or reject every open suggestion, or every one by a member. */
export const DecideAllRequestSchema = z.strictObject({ decision: z.enum(['accept', 'reject']), authorId: UserIdSchema.optional() });
export type DecideAllRequest = z.infer<typeof DecideAllRequestSchema>;

/** PUT /api/drafts/:id/review-settings: the review phase ("suggestions only"). */
export const ReviewSettingsSchema = z.strictObject({ suggestionsOnly: z.boolean() });
export type ReviewSettings = z.infer<typeof ReviewSettingsSchema>;

/** A person as the review panel shows them: "Name, Organisation". */
export const ReviewPersonSchema = z.object({ id: UserIdSchema, name: z.string(), organisation: z.string(), color: z.string() });
export type ReviewPerson = z.infer<typeof ReviewPersonSchema>;

export const ReviewCommentSchema = z.object({
  id: z.string(),
  author: ReviewPersonSchema,
  body: z.string(),
  mentions: z.array(UserIdSchema),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
});
export type ReviewComment = z.infer<typeof ReviewCommentSchema>;

const ThreadBase = {
  id: z.string(),
  author: ReviewPersonSchema,
  anchor: AnchorSchema,
  /** The text the range covered when the thread was made (shown when it is detached). */
  quote: z.string(),
  /** Every word of the range was deleted: the thread stays, without a place in the text. */
  detached: z.boolean(),
  /** Document order (a text offset); detached threads sort last. */
  order: z.number(),
  createdAt: z.string(),
  comments: z.array(ReviewCommentSchema),
  mentionsMe: z.boolean(),
};

/** A thread in the review panel: a comment thread or a suggestion (which can be discussed too). */
export const ReviewThreadSchema = z.discriminatedUnion('kind', [
  z.object({ ...ThreadBase, kind: z.literal('comment'), status: z.enum(['open', 'resolved']) }),
  z.object({ ...ThreadBase, kind: z.literal('suggestion'), status: z.literal('open'), insertText: z.string(), change: SuggestedChangeSchema.optional() }),
]);
export type ReviewThread = z.infer<typeof ReviewThreadSchema>;

/** GET /api/drafts/:id/review: everything the review panel shows, in document order. */
export const ReviewStateSchema = z.object({ suggestionsOnly: z.boolean(), threads: z.array(ReviewThreadSchema) });
export type ReviewState = z.infer<typeof ReviewStateSchema>;

/**
 * Answer of accept / reject / decide: how many suggestions were decided, how many could not be
 * applied (they stay open), and why each of those could not.
 */
export const DecisionResultSchema = z.object({
  decided: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  refused: z.array(z.object({ id: z.string(), reason: z.string() })).optional(),
});

/** May write comments and replies. */
export function canComment(role: Role): boolean {
  return role !== 'viewer';
}

/** May make suggestions (commenters included: suggestions never touch the accepted text). */
export function canSuggest(role: Role): boolean {
  return role !== 'viewer';
}

/** May accept or reject others' suggestions, delete any comment. */
export function canDecide(role: Role): boolean {
  return role === 'coordinator';
}

/** May resolve and reopen a thread (besides its author). */
export function canResolveAny(role: Role): boolean {
  return role === 'coordinator' || role === 'editor';
}

/**
 * May change the accepted text directly, given the review phase: in "suggestions only", editors
 * only suggest; coordinators keep editing rights (they accept suggestions).
 */
export function canEditAcceptedText(role: Role, suggestionsOnly: boolean): boolean {
  return role === 'coordinator' || (role === 'editor' && !suggestionsOnly);
}
