import type { AnyExtension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { documentExtensions, DOCUMENT_FRAGMENT } from '../../shared/schema/extensions.ts';
import { paletteIndex } from '../../shared/palette.ts';
import { AutolinkOwnTypingOnly } from './autolink-own-typing.ts';
import { IncrementalYMappingExtension } from './incremental-y-mapping.ts';
import { ChangedBlocksToYjs } from './changed-blocks-to-yjs.ts';
import { LinkShortcut } from './link-shortcut.ts';
import { FirstContentSelection } from './first-content-selection.ts';
import { KeepScrollOnReceivedChanges } from './remote-change-scroll.ts';
import { othersOnlyAwareness } from './others-awareness.ts';
import { ReviewExtension } from '../review/review-extension.ts';
import { structureExtensions } from '../structure/index.ts';

export interface CaretUser {
  name: string;
  color: string;
  organisation?: string;
}

/** The colour class of a collaborator (styles live in editor.css; no inline styles under our CSP). */
export function colorClass(color: unknown): string {
  const i = typeof color === 'string' ? paletteIndex(color) : -1;
  return i >= 0 ? `collab-color-${i}` : 'collab-color-unknown';
}

function renderCaret(user: Record<string, unknown>): HTMLElement {
  const caret = document.createElement('span');
  caret.className = `collaboration-carets__caret ${colorClass(user.color)}`;
  const label = document.createElement('span');
  label.className = 'collaboration-carets__label';
  // textContent, never HTML: names are user input.
  label.textContent = typeof user.name === 'string' ? user.name : 'Someone';
  caret.append(label);
  return caret;
}

/** The shared document schema plus what the editor adds: real-time collaboration and named carets. */
export function editorExtensions(doc: Y.Doc, provider: WebsocketProvider, user: CaretUser): AnyExtension[] {
  return [
    ...documentExtensions(),
    LinkShortcut,
    AutolinkOwnTypingOnly,
    ReviewExtension,
    ...structureExtensions(),
    Collaboration.configure({ document: doc, field: DOCUMENT_FRAGMENT }),
    // A received change rebuilds only the blocks it touched, not the whole draft.
    IncrementalYMappingExtension,
    // One's own keystroke is written to Yjs block by block, not by reconciling the whole draft.
    ChangedBlocksToYjs,
    KeepScrollOnReceivedChanges,
    CollaborationCaret.configure({
      // The extension reads only `provider.awareness`; it sees changes of the others' carets, not of one's own.
      provider: { awareness: othersOnlyAwareness(provider.awareness) },
      user,
      render: renderCaret,
      selectionRender: (u: Record<string, unknown>) => ({ class: `collab-selection ${colorClass(u.color)}`, nodeName: 'span' }),
    }),
    // After Collaboration: its plugin's view must exist first.
    FirstContentSelection,
  ];
}
