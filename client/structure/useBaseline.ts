import type { Editor } from '@tiptap/react';
import { useEffect, useState } from 'react';
import { fromProseMirror } from '../../shared/domain/from-prosemirror.ts';
import type { ControlListDoc } from '../../shared/domain/index.ts';
import type { DraftId } from '../../shared/ids.ts';
import type { CollabSession } from '../collab/collab-session.ts';
import { useVersions } from '../history/useVersions.ts';
import { versionsApi } from '../history/versions-api.ts';

/** The draft's baseline as a checked model, or why there is none (yet). */
export type Baseline =
  | { status: 'loading' }
  | { status: 'none' }
  | { status: 'ready'; name: string; doc: ControlListDoc }
  | { status: 'error'; message: string };

/**
 * The baseline version of the draft, converted like the live draft; follows the server when a
 * coordinator sets, changes or clears the baseline.
 */
export function useBaseline(editor: Editor, draftId: DraftId, session: CollabSession): Baseline {
  const { list, error } = useVersions(draftId, session);
  const baselineId = list?.baselineId ?? null;
  const [state, setState] = useState<Baseline>({ status: 'loading' });
  useEffect(() => {
    if (!list) return;
    if (baselineId === null) {
      setState({ status: 'none' });
      return;
    }
    let current = true;
    setState({ status: 'loading' });
    versionsApi.open(draftId, baselineId).then(
      ({ version, content }) => {
        if (!current) return;
        const doc = fromProseMirror(editor.schema.nodeFromJSON(content)).doc;
        setState({ status: 'ready', name: version.name, doc });
      },
      (e: unknown) => current && setState({ status: 'error', message: e instanceof Error ? e.message : 'The baseline could not be loaded.' }),
    );
    return () => {
      current = false;
    };
  }, [editor, draftId, list, baselineId]);
  if (error) return { status: 'error', message: error };
  return state;
}
