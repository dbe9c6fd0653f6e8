import type { PanelDefinition } from './types.ts';
import { reviewPanel } from './review-panel.tsx';
import { outlinePanel } from './outline-panel.tsx';
import { problemsPanel } from './problems-panel.tsx';
import { definitionsPanel } from './definitions-panel.tsx';
import { historyPanel } from './history-panel.tsx';
import { activityPanel } from '../audit/DraftAuditPanel.tsx';

export type { PanelContext, PanelDefinition } from './types.ts';

/**
 * The side panels of the draft page, in tab order. Each capability adds its panel in its own file
 * (typed by ./types.ts) and one entry here.
 */
export const PANELS: PanelDefinition[] = [
  reviewPanel,
  historyPanel,
  outlinePanel,
  problemsPanel,
  definitionsPanel,
  activityPanel,
];
