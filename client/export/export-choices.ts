import { useEffect, useState } from 'react';
import type { VersionList } from '../../shared/api/versions.ts';
import type { DraftId } from '../../shared/ids.ts';
import { versionsApi } from '../history/versions-api.ts';
import { reviewApi } from '../review/review-api.ts';

/** Open review items of the live draft, which no export carries. */
export interface OpenReview {
  suggestions: number;
  comments: number;
}

/**
 * What the Export menu offers besides the live draft, fetched when it first opens: the versions
 * (to export one, or to compare with), and how many suggestions and comments are still open.
 * Either may fail: the menu then still exports the live draft, and says nothing it does not know.
 */
export function useExportChoices(draftId: DraftId, open: boolean): { versions: VersionList | undefined; openReview: OpenReview | undefined } {
  const [versions, setVersions] = useState<VersionList>();
  const [openReview, setOpenReview] = useState<OpenReview>();
  useEffect(() => {
    if (!open) return;
    versionsApi.list(draftId).then(setVersions, () => setVersions({ versions: [], baselineId: null }));
    reviewApi.state(draftId).then(
      (state) => {
        const open = state.threads.filter((t) => t.status === 'open');
        setOpenReview({ suggestions: open.filter((t) => t.kind === 'suggestion').length, comments: open.filter((t) => t.kind === 'comment').length });
      },
      () => setOpenReview(undefined),
    );
  }, [open, draftId]);
  return { versions, openReview };
}

/** "2 open suggestions and 1 open comment are not in the file…", or nothing when none are open. */
export function openReviewNotice(r: OpenReview | undefined): string | undefined {
  if (!r || r.suggestions + r.comments === 0) return undefined;
  const count = (n: number, what: string) => `${n} open ${what}${n === 1 ? '' : 's'}`;
  const parts = [r.suggestions ? count(r.suggestions, 'suggestion') : '', r.comments ? count(r.comments, 'comment') : ''].filter(Boolean);
  const verb = r.suggestions + r.comments === 1 ? 'is' : 'are';
  return `${parts.join(' and ')} ${verb} not in the file: it holds the text as it stands, without suggested wording or comments.`;
}
