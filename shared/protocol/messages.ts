import { z } from 'zod';
import { RoleSchema } from '../roles.ts';

/**
 * Top-level message types on the /collab websocket. 0–3 are y-websocket's own; PLENARY is ours,
 * a type number the stock provider never sends, so stock clients keep working unchanged: the
 * server sends PLENARY messages only to a connection that opened with a `hello`.
 */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  Plenary: 100,
} as const;

/** Sub-types of a y-protocols sync message. */
export const SyncMessageType = {
  Step1: 0,
  Step2: 1,
  Update: 2,
} as const;

/** Bumped when a PLENARY message changes incompatibly; checked on `hello`. */
export const PROTOCOL_VERSION = 1;

/**
 * Our control messages, carried as one JSON string after the PLENARY type number.
 *
 * Durability acknowledgement: the server numbers the document-carrying messages (sync step 2 and
 * update) it receives on a connection, 1, 2, 3 … in order, and after the SQLite commit that
 * holds message n sends `{type: 'ack', seq: n}`. The client counts the same messages as it sends
 * them, so it knows exactly which of its edits are durable (see client/collab/ack-tracker.ts).
 */
export const ClientControlMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), protocolVersion: z.number().int() }),
]);
export type ClientControlMessage = z.infer<typeof ClientControlMessageSchema>;

/** What a `changed` notification can be about. */
export const CHANGE_TOPICS = ['review', 'versions', 'members', 'draft'] as const;
export type ChangeTopic = (typeof CHANGE_TOPICS)[number];

export const ServerControlMessageSchema = z.discriminatedUnion('type', [
  /** Answer to hello: what this connection may do. `readOnly` means the server drops document writes. */
  z.object({
    type: z.literal('welcome'),
    protocolVersion: z.number().int(),
    role: RoleSchema,
    readOnly: z.boolean(),
    /** The member's colour in this draft (shared/palette.ts), shown on their caret and suggestions. */
    color: z.string(),
  }),
  /** Every document-carrying message up to and including `seq` is committed to disk. */
  z.object({ type: z.literal('ack'), seq: z.number().int().nonnegative() }),
  /**
   * Something kept by the server outside the shared document changed (comments, suggestions,
   * versions, members, the draft's settings): clients refetch it through the API, where the
   * server decides what each member may see.
   */
  z.object({ type: z.literal('changed'), topic: z.enum(CHANGE_TOPICS) }),
  /** A problem the user should know about that does not end the connection. */
  z.object({ type: z.literal('notice'), code: z.enum(['read-only', 'storage-error']), message: z.string() }),
]);
export type ServerControlMessage = z.infer<typeof ServerControlMessageSchema>;

/** Exhaustiveness helper for switches over message unions. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
