import type { Editor } from '@tiptap/react';
import type { ReactNode } from 'react';
import type { Me } from '../../shared/api/users.ts';
import type { DraftId } from '../../shared/ids.ts';
import type { Role } from '../../shared/roles.ts';
import type { CollabSession } from '../collab/collab-session.ts';

/** What a side panel of the draft page gets. */
export interface PanelContext {
  draftId: DraftId;
  session: CollabSession;
  editor: Editor;
  role: Role;
  me: Me;
}

/**
 * A tab of the draft page's side panels (ux.md: left = outline; right = comments and suggestions,
 * history, problems, definitions). Each capability adds its panel in its own file and one entry
 * in PANELS; the page renders whatever is registered, with a keyboard shortcut for each.
 */
export interface PanelDefinition {
  id: string;
  side: 'left' | 'right';
  label: string;
  /** Alt+digit, shown on the tab; opens the panel and moves focus into it. */
  shortcutKey: string;
  render: (ctx: PanelContext) => ReactNode;
}
