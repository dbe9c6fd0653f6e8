import type { AuditDetail } from '../../shared/api/audit.ts';
import type { Logger } from '../logger.ts';
import type { AuditRepo, AuditRow } from '../storage/audit-repo.ts';
import { entryHash, GENESIS_HASH, verifyChain } from './chain.ts';

/** What a caller records: who (actor), what (action + detail), where (address), in which draft. */
export interface AuditEvent {
  draftId?: string | null;
  actorId?: string | null;
  action: string;
  /** Ids, roles, formats, counts. Never passwords, tokens, session ids or draft text. */
  detail?: AuditDetail;
  address: string;
}

/**
 * The audit log service (`ctx.audit`). Entries are appended on the main thread only, so the chain
 * is extended one entry at a time from the last hash, which is cached after the first append.
 */
export function createAuditLog(repo: AuditRepo, logger: Logger) {
  let lastHash: string | undefined;

  function record(event: AuditEvent): void {
    try {
      const prevHash = lastHash ?? repo.last()?.hash ?? GENESIS_HASH;
      const row: Omit<AuditRow, 'id' | 'hash'> = {
        at: new Date().toISOString(),
        draftId: event.draftId ?? null,
        actorId: event.actorId ?? null,
        action: event.action,
        detail: JSON.stringify(event.detail ?? {}),
        address: event.address,
        prevHash,
      };
      const hash = entryHash(row);
      repo.insert({ ...row, hash });
      lastHash = hash;
    } catch (err) {
      // An audit write that fails (disk full) must not refuse the person's login or edit: the
      // storage fault is reported through the health check and the writer. It is logged loudly.
      lastHash = undefined;
      logger.error('audit entry could not be stored', { action: event.action, draftId: event.draftId ?? null, err });
    }
  }

  return {
    record,
    verify: () => verifyChain((afterId) => repo.after(afterId, 1000)),
    forDraft: (draftId: string, beforeId: number, limit: number) => repo.forDraft(draftId, beforeId, limit),
    forInstance: (beforeId: number, limit: number) => repo.forInstance(beforeId, limit),
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
