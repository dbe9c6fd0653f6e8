import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { DraftIdSchema, type DraftId } from '../../shared/ids.ts';
import { canEditText } from '../../shared/roles.ts';
import type { ServerContext } from '../context.ts';
import { readCookie, sessionCookieName } from '../http/session-cookie.ts';
import { CollabConnection } from './collab-connection.ts';
import { TooManyOpenDrafts } from '../collab/doc-registry.ts';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { hashToken } from '../auth/tokens.ts';

const COLLAB_PATH = /^\/collab\/([^/?#]+)$/;

/**
 * Authenticates and authorises a websocket handshake before the websocket exists
 * (security.md §1): the path names a well-formed draft id, the Origin is one of ours, the session
 * cookie is valid, the user is a member, and connection limits hold. Any failure answers a plain
 * HTTP status and destroys the socket; no byte of the document is sent. `onAccepted` hears of each
 * socket that became a websocket.
 */
export function createUpgradeHandler(ctx: ServerContext, onAccepted: (socket: Duplex) => void = () => undefined) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: ctx.config.maxFrameBytes, perMessageDeflate: false });
  const connections = new Set<CollabConnection>();
  const perUser = new Map<string, number>();
  const perAddress = new Map<string, number>();
  const cookieName = sessionCookieName(ctx.config);
  const bump = (m: Map<string, number>, k: string, d: number) => {
    const v = (m.get(k) ?? 0) + d;
    if (v <= 0) m.delete(k);
    else m.set(k, v);
  };

  /** Never throws: a bug here must refuse one handshake, not take the process down. */
  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    try {
      authoriseAndUpgrade(req, socket, head);
    } catch (err) {
      ctx.logger.error('websocket handshake failed', { err });
      refuse(socket, 400, 'Bad Request');
    }
  }

  function authoriseAndUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const address = req.socket.remoteAddress ?? 'unknown';
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const match = COLLAB_PATH.exec(url.pathname);
    if (!match) return refuse(socket, 404, 'Not Found');
    const origin = req.headers.origin;
    if (!origin || !ctx.origins.has(origin)) return refuse(socket, 403, 'Forbidden: origin not allowed');
    const sessionToken = readCookie(req.headers.cookie, cookieName);
    const user = ctx.auth.authenticate(sessionToken);
    if (!user) return refuse(socket, 401, 'Unauthorized');
    // Ids are [A-Za-z0-9_-]: nothing to percent-decode, and a malformed escape must not throw.
    const parsedId = DraftIdSchema.safeParse(match[1] ?? '');
    const draftId: DraftId | undefined = parsedId.success ? parsedId.data : undefined;
    const membership = draftId && ctx.drafts.find(draftId) ? ctx.drafts.membership(draftId, user.id) : undefined;
    // Unknown draft and "not a member" look the same from outside.
    if (!draftId || !membership) return refuse(socket, 404, 'Not Found');
    const { role, color } = membership;
    if ((perUser.get(user.id) ?? 0) >= ctx.config.maxConnectionsPerUser || (perAddress.get(address) ?? 0) >= ctx.config.maxConnectionsPerAddress) {
      return refuse(socket, 429, 'Too Many Requests');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // From here the socket is counted per account and address below, no longer as a pending connection.
      onAccepted(socket);
      const conn = new CollabConnection(
        ws,
        draftId,
        // The colour is the member's in this draft, not the account's: no two members share one by chance.
        { userId: user.id, name: user.name, organisation: user.organisation, color, role, address, sessionId: hashToken(sessionToken ?? '') },
        // In the review phase ("suggestions only") editors are read-only too (issue 6).
        !canEditText(role) || (role === 'editor' && ctx.review.repo.suggestionsOnly(draftId)),
        { messagesPerSecond: ctx.config.messagesPerSecond, maxSendBufferBytes: ctx.config.maxSendBufferBytes },
        ctx.logger,
        (closed) => {
          connections.delete(closed);
          bump(perUser, user.id, -1);
          bump(perAddress, address, -1);
          ctx.registry.leave(closed);
        },
      );
      connections.add(conn);
      ctx.audit.record({ draftId, actorId: user.id, action: 'draft.join', detail: { role }, address });
      bump(perUser, user.id, 1);
      bump(perAddress, address, 1);
      try {
        conn.attach(ctx.registry.open(draftId));
      } catch (err) {
        if (err instanceof TooManyOpenDrafts) {
          ctx.logger.warn('open-draft limit reached', { draftId });
          conn.close(CloseCode.ServerBusy, 'the server is at capacity; retrying shortly');
        } else {
          ctx.logger.error('could not open draft', { draftId, err });
          conn.close(CloseCode.InternalError, 'the draft could not be opened; try again');
        }
      }
    });
  }

  /**
   * A session can end without anyone asking (its absolute lifetime passes): its sockets must not
   * outlive it. Checked once per session per sweep; never throws (a timer's error would end the process).
   */
  function endExpiredSessions(): void {
    try {
      const verdict = new Map<string, boolean>();
      for (const conn of [...connections]) {
        const id = conn.identity.sessionId;
        if (!verdict.has(id)) verdict.set(id, ctx.auth.sessionInUse(id));
        if (!verdict.get(id)) conn.close(CloseCode.Unauthenticated, 'session expired');
      }
    } catch (err) {
      ctx.logger.error('could not check open sessions', { err });
    }
  }
  const sweep = setInterval(endExpiredSessions, ctx.config.sessionCheckIntervalMs);
  sweep.unref();

  return {
    handleUpgrade,
    connectionCount: () => connections.size,
    close: () => {
      clearInterval(sweep);
      wss.close();
    },
  };
}

function refuse(socket: Duplex, status: number, text: string): void {
  const body = `${text}\n`;
  socket.end(`HTTP/1.1 ${status} ${text.split(':')[0]}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  // end() flushes the answer; destroy a peer that does not close its side.
  setTimeout(() => socket.destroy(), 1000).unref();
}
