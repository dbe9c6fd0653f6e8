import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import {
  ClientControlMessageSchema,
  MessageType,
  PROTOCOL_VERSION,
  SyncMessageType,
  assertNever,
} from '../../shared/protocol/messages.ts';
import type { DraftRoom, Refusal } from '../collab/draft-room.ts';
import type { Peer } from '../collab/peer.ts';

const bad = (reason: string): Refusal => ({ code: CloseCode.BadMessage, reason });

/**
 * The one switch over incoming frames. Decoding errors (truncated varints, lengths past the end)
 * throw inside lib0; the connection catches them and closes with BadMessage. Every branch either
 * consumes the whole frame or refuses it: trailing bytes are a malformed message.
 */
export function routeMessage(room: DraftRoom, peer: Peer, frame: Uint8Array): Refusal | undefined {
  const decoder = decoding.createDecoder(frame);
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.Sync: {
      const subType = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (decoding.hasContent(decoder)) return bad('trailing bytes after sync message');
      switch (subType) {
        case SyncMessageType.Step1:
          Y.decodeStateVector(payload); // throws on a malformed state vector
          room.onSyncStep1(peer, payload);
          return undefined;
        case SyncMessageType.Step2:
          return room.onDocumentMessage(peer, payload, 'step2');
        case SyncMessageType.Update:
          return room.onDocumentMessage(peer, payload, 'update');
        default:
          return bad('unknown sync message type');
      }
    }
    case MessageType.Awareness: {
      const payload = decoding.readVarUint8Array(decoder);
      if (decoding.hasContent(decoder)) return bad('trailing bytes after awareness message');
      return room.onAwareness(peer, payload);
    }
    case MessageType.QueryAwareness:
      room.onQueryAwareness(peer);
      return undefined;
    case MessageType.Plenary:
      return onControl(peer, decoding.readVarString(decoder));
    case MessageType.Auth:
      return bad('auth messages are sent by the server only');
    default:
      return bad('unknown message type');
  }
}

function onControl(peer: Peer, json: string): Refusal | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return bad('control message is not JSON');
  }
  const parsed = ClientControlMessageSchema.safeParse(raw);
  if (!parsed.success) return bad('unknown control message');
  const message = parsed.data;
  switch (message.type) {
    case 'hello':
      if (message.protocolVersion !== PROTOCOL_VERSION) return bad(`protocol version ${PROTOCOL_VERSION} required; reload the page`);
      peer.wantsControl = true;
      peer.sendControl({ type: 'welcome', protocolVersion: PROTOCOL_VERSION, role: peer.identity.role, readOnly: peer.readOnly, color: peer.identity.color });
      return undefined;
    default:
      return assertNever(message.type);
  }
}

/** Encodes one of our control messages as a frame. */
export function encodeControl(message: unknown): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Plenary);
  encoding.writeVarString(encoder, JSON.stringify(message));
  return encoding.toUint8Array(encoder);
}
