import type { DocRegistry } from '../collab/doc-registry.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../storage/db.ts';
import type { DraftsRepo } from '../storage/drafts-repo.ts';
import type { UsersRepo } from '../storage/users-repo.ts';
import { rescueMovedTyping } from '../collab/moved-typing-rescue.ts';
import { followMovedText } from './anchor-follower.ts';
import { noticeDetachedThreads } from './detached-notice.ts';
import { createReviewRepo, type ReviewRepo } from './review-repo.ts';
import { createReviewService, type ReviewService } from './review-service.ts';

/** The review workflow's storage and commands, as main.ts wires them into the server context. */
export interface Review {
  repo: ReviewRepo;
  service: ReviewService;
}

export function createReview(db: Db, deps: { drafts: DraftsRepo; users: UsersRepo; registry: DocRegistry; logger: Logger }): Review {
  const repo = createReviewRepo(db);
  followMovedText({ repo, registry: deps.registry, logger: deps.logger });
  noticeDetachedThreads({ repo, registry: deps.registry, logger: deps.logger });
  rescueMovedTyping({ registry: deps.registry, logger: deps.logger });
  return { repo, service: createReviewService({ ...deps, repo }) };
}
