import { z } from 'zod';

/**
 * Identifiers of our own aggregates. They are random, URL-safe and of fixed length so that a
 * malformed id can be refused by pattern before it reaches storage (security.md §1).
 */
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A draft's id: also the y-websocket room name, so it must never be taken unvalidated from a URL. */
export const DraftIdSchema = z.string().regex(ID_PATTERN, 'is not a valid draft id').brand<'DraftId'>();
export type DraftId = z.infer<typeof DraftIdSchema>;

/** An account's id. */
export const UserIdSchema = z.string().regex(ID_PATTERN, 'is not a valid user id').brand<'UserId'>();
export type UserId = z.infer<typeof UserIdSchema>;

/** A saved version's id. */
export const VersionIdSchema = z.string().regex(ID_PATTERN, 'is not a valid version id').brand<'VersionId'>();
export type VersionId = z.infer<typeof VersionIdSchema>;

/** True when `value` has the shape of one of our ids (any kind). */
export function looksLikeId(value: string): boolean {
  return ID_PATTERN.test(value);
}
