import type { AuthService } from './auth/auth-service.ts';
import type { DocRegistry } from './collab/doc-registry.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { DocStore } from './storage/doc-store.ts';
import type { DraftsRepo } from './storage/drafts-repo.ts';
import type { SessionsRepo } from './storage/sessions-repo.ts';
import type { UpdateWriter } from './storage/update-writer.ts';
import type { UsersRepo } from './storage/users-repo.ts';

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
}
