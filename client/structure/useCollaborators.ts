import type { Editor } from '@tiptap/react';
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import type { CollabSession } from '../collab/collab-session.ts';

/** A collaborator shown on the outline. */
export interface PlacedPerson {
  clientId: number;
  name: string;
  color: string;
}

interface SyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: Parameters<typeof relativePositionToAbsolutePosition>[3] } | null;
}

/**
 * Which top-level block (by uid) each other collaborator's caret is in, from the carets they
 * publish in awareness. Read-only use of awareness; the session owns the provider.
 */
export function useCollaboratorUnits(editor: Editor, session: CollabSession): Map<string, PlacedPerson[]> {
  const [placed, setPlaced] = useState(() => new Map<string, PlacedPerson[]>());
  useEffect(() => {
    const awareness = session.provider.awareness;
    // Awareness changes with every move of anyone's caret, one's own included (each keystroke):
    // the outline re-renders only when someone changed entry, not for every caret move.
    let shown = '';
    const publish = (out: Map<string, PlacedPerson[]>) => {
      const key = JSON.stringify([...out]);
      if (key === shown) return;
      shown = key;
      setPlaced(out);
    };
    const read = () => {
      const sync = ySyncPluginKey.getState(editor.state) as SyncState | undefined;
      const out = new Map<string, PlacedPerson[]>();
      if (!sync?.binding) return publish(out);
      for (const [clientId, state] of awareness.getStates()) {
        if (clientId === awareness.clientID) continue;
        const s = state as { user?: { name?: unknown; color?: unknown }; cursor?: { head?: unknown } | null };
        if (!s.cursor?.head || typeof s.user?.name !== 'string') continue;
        const rel = Y.createRelativePositionFromJSON(s.cursor.head);
        const pos = relativePositionToAbsolutePosition(sync.doc, sync.type, rel, sync.binding.mapping);
        if (pos === null || pos > editor.state.doc.content.size) continue;
        const $pos = editor.state.doc.resolve(pos);
        if ($pos.depth < 1) continue;
        const uid: unknown = $pos.node(1).attrs.uid;
        if (typeof uid !== 'string') continue;
        const list = out.get(uid) ?? [];
        list.push({ clientId, name: s.user.name, color: typeof s.user.color === 'string' ? s.user.color : '' });
        out.set(uid, list);
      }
      publish(out);
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [editor, session]);
  return placed;
}
