import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { PeerIdentity } from './peer.ts';

export type AwarenessCheck =
  | { ok: true; clientId: number; update: Uint8Array }
  /** Nothing in the message is this peer's own state (the stock provider echoes others' states back). */
  | { ok: true; clientId: undefined; update: undefined }
  | { ok: false; reason: string };

/** More entries than any honest echo of a room's presence carries. */
const MAX_ENTRIES = 1000;

/**
 * Validates one awareness message from a peer and keeps only the peer's own state:
 * - a connection speaks for exactly one awareness client id: the first it announces that no other
 *   connection in the room owns. The stock y-websocket provider re-broadcasts every awareness
 *   change it hears, so entries for other clients are echoes and are ignored, never applied;
 * - the state is a JSON object (or null, meaning "left") of bounded size;
 * - the `user` field (name, organisation and colour shown on carets and in the presence bar) is
 *   replaced with what the server knows about the account, so nobody appears under another's name.
 */
export function checkAwarenessUpdate(
  update: Uint8Array,
  boundClientId: number | undefined,
  ownedByOthers: (clientId: number) => boolean,
  identity: PeerIdentity,
  maxStateBytes: number,
): AwarenessCheck {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > MAX_ENTRIES) return { ok: false, reason: 'too many awareness entries' };
  let own: { clientId: number; clock: number; json: string } | undefined;
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    const isOwn = boundClientId === undefined ? own === undefined && !ownedByOthers(clientId) : clientId === boundClientId;
    if (isOwn) own = { clientId, clock, json };
  }
  if (decoding.hasContent(decoder)) return { ok: false, reason: 'trailing bytes in awareness' };
  if (!own) return { ok: true, clientId: undefined, update: undefined };
  if (own.json.length > maxStateBytes) return { ok: false, reason: 'awareness state too large' };
  let state: unknown;
  try {
    state = JSON.parse(own.json);
  } catch {
    return { ok: false, reason: 'awareness state is not JSON' };
  }
  if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
    return { ok: false, reason: 'awareness state is not an object' };
  }
  const rewritten =
    state === null
      ? null
      : {
          ...(state as Record<string, unknown>),
          user: { id: identity.userId, name: identity.name, organisation: identity.organisation, color: identity.color, role: identity.role },
        };
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, own.clientId);
  encoding.writeVarUint(encoder, own.clock);
  encoding.writeVarString(encoder, JSON.stringify(rewritten));
  return { ok: true, clientId: own.clientId, update: encoding.toUint8Array(encoder) };
}
