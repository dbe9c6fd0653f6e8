import type { AuthService } from './auth/auth-service.ts';
import type { ExportLog } from './exports/export-log.ts';
import type { Review } from './review/review-module.ts';
import type { DocRegistry } from './collab/doc-registry.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { DocStore } from './storage/doc-store.ts';
import type { DraftsRepo } from './storage/drafts-repo.ts';
import type { SessionsRepo } from './storage/sessions-repo.ts';
import type { UpdateWriter } from './storage/update-writer.ts';
import type { UsersRepo } from './storage/users-repo.ts';
import type { AccountsRepo } from './storage/accounts-repo.ts';
import type { InvitesRepo } from './storage/invites-repo.ts';
import type { AuditLog } from './audit/audit-log.ts';
import type { VersionService } from './versions/version-service.ts';

/** Everything a request or connection handler may use, built once in main.ts. */
export interface ServerContext {
  config: Config;
  logger: Logger;
  /** Exact origins accepted for websocket handshakes and cookie-authenticated writes. */
  origins: Set<string>;
  users: UsersRepo;
  sessions: SessionsRepo;
  drafts: DraftsRepo;
  docs: DocStore;
  writer: UpdateWriter;
  registry: DocRegistry;
  auth: AuthService;
  /** Comments, suggestions and the review phase (server/review). */
  review: Review;
  accounts: AccountsRepo;
  invites: InvitesRepo;
  /** The append-only audit log: `ctx.audit.record({ draftId, actorId, action, detail, address })`. */
  audit: AuditLog;
  /** Who exported what, when (server/exports/export-log.ts). */
  exportLog: ExportLog;
  /** Versions, baseline, compare and restore (server/versions). */
  versions: VersionService;
}
