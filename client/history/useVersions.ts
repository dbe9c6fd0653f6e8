import { useCallback, useEffect, useState } from 'react';
import type { VersionList } from '../../shared/api/versions.ts';
import type { DraftId } from '../../shared/ids.ts';
import type { CollabSession } from '../collab/collab-session.ts';
import { versionsApi } from './versions-api.ts';

/** The draft's versions, refetched whenever the server says they changed. */
export function useVersions(draftId: DraftId, session: CollabSession) {
  const [list, setList] = useState<VersionList | undefined>();
  const [error, setError] = useState<string | undefined>();
  const reload = useCallback(() => {
    versionsApi.list(draftId).then(
      (l) => {
        setList(l);
        setError(undefined);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : 'The versions could not be loaded.'),
    );
  }, [draftId]);
  useEffect(() => {
    reload();
    return session.onServerChange('versions', reload);
  }, [reload, session]);
  return { list, error, reload };
}
