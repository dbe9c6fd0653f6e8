import type { VersionService } from '../versions/version-service.ts';
import type { VersionsPort } from './sources.ts';

/** Exports read versions, baselines and redlines through the version service. */
export function versionsPortFrom(versions: VersionService): VersionsPort {
  return {
    find(draftId, versionId) {
      const v = versions.find(draftId, versionId);
      return v && { id: v.id, name: v.name, createdAt: v.createdAt };
    },
    content: (draftId, versionId) => versions.open(draftId, versionId)?.content,
    baseline: (draftId) => versions.list(draftId).baselineId ?? undefined,
    redline: (draftId, from, to) => versions.compare(draftId, from, to)?.document,
  };
}
