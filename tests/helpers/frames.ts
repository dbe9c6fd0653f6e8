import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType, PROTOCOL_VERSION, ServerControlMessageSchema, SyncMessageType, type ServerControlMessage } from '../../shared/protocol/messages.ts';

/**
 * Hand-built wire frames, for tests that must send what no well-behaved provider would.
 * Every frame here is what y-protocols itself would encode unless its name says otherwise.
 */
const frame = (write: (e: encoding.Encoder) => void): Uint8Array => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};

export const syncStep1Frame = (doc: Y.Doc): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    syncProtocol.writeSyncStep1(e, doc);
  });

/** Sync step 1 with an empty state vector: the server answers with its whole document. */
export const fullStateRequestFrame = (): Uint8Array => syncStep1Frame(new Y.Doc());

export const syncStep2Frame = (doc: Y.Doc, stateVector?: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    syncProtocol.writeSyncStep2(e, doc, stateVector);
  });

export const updateFrame = (update: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    syncProtocol.writeUpdate(e, update);
  });

/** A sync message with an arbitrary sub-type and payload. */
export const syncFrame = (subType: number, payload: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, subType);
    encoding.writeVarUint8Array(e, payload);
  });

/** One awareness entry with a raw (possibly malformed) JSON string. */
export const awarenessFrame = (clientId: number, clock: number, json: string): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.Awareness);
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, clientId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, json);
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  });

export const queryAwarenessFrame = (): Uint8Array => frame((e) => encoding.writeVarUint(e, MessageType.QueryAwareness));

export const controlFrame = (message: unknown): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.Plenary);
    encoding.writeVarString(e, JSON.stringify(message));
  });

export const helloFrame = (): Uint8Array => controlFrame({ type: 'hello', protocolVersion: PROTOCOL_VERSION });

/** The top-level message type of a frame, or undefined if it has none. */
export function messageTypeOf(data: Uint8Array): number | undefined {
  try {
    return decoding.readVarUint(decoding.createDecoder(data));
  } catch {
    return undefined;
  }
}

/** For a sync frame, its sub-type and payload. */
export function readSyncFrame(data: Uint8Array): { subType: number; payload: Uint8Array } | undefined {
  try {
    const d = decoding.createDecoder(data);
    if (decoding.readVarUint(d) !== MessageType.Sync) return undefined;
    const subType = decoding.readVarUint(d);
    return { subType, payload: decoding.readVarUint8Array(d) };
  } catch {
    return undefined;
  }
}

/** Whether a frame the client sends carries document content (sync step 2 or update). */
export function carriesDocument(data: Uint8Array): boolean {
  const sync = readSyncFrame(data);
  return sync !== undefined && (sync.subType === SyncMessageType.Step2 || sync.subType === SyncMessageType.Update);
}

/** Parses a control (type 100) frame, validated against the shared schema. */
export function readControlFrame(data: Uint8Array): ServerControlMessage | undefined {
  try {
    const d = decoding.createDecoder(data);
    if (decoding.readVarUint(d) !== MessageType.Plenary) return undefined;
    return ServerControlMessageSchema.parse(JSON.parse(decoding.readVarString(d)));
  } catch {
    return undefined;
  }
}

/** The entries of an awareness frame the server sent: client id, clock and parsed state. */
export function readAwarenessFrame(data: Uint8Array): Array<{ clientId: number; clock: number; state: unknown }> | undefined {
  try {
    const outer = decoding.createDecoder(data);
    if (decoding.readVarUint(outer) !== MessageType.Awareness) return undefined;
    const d = decoding.createDecoder(decoding.readVarUint8Array(outer));
    const count = decoding.readVarUint(d);
    const entries: Array<{ clientId: number; clock: number; state: unknown }> = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(d);
      const clock = decoding.readVarUint(d);
      entries.push({ clientId, clock, state: JSON.parse(decoding.readVarString(d)) });
    }
    return entries;
  } catch {
    return undefined;
  }
}

/** Awareness entries in one frame, each with a raw JSON string. */
export function awarenessEntriesFrame(entries: Array<{ clientId: number; clock: number; json: string }>): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Awareness);
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(inner, entry.clientId);
      encoding.writeVarUint(inner, entry.clock);
      encoding.writeVarString(inner, entry.json);
    }
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  });
}
