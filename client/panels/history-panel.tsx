import { HistoryPanel } from '../history/HistoryPanel.tsx';
import type { PanelDefinition } from './types.ts';

/** History (versions, compare, restore) in the right-hand panel, Alt+2. */
export const historyPanel: PanelDefinition = {
  id: 'history',
  side: 'right',
  label: 'History',
  shortcutKey: '2',
  render: (ctx) => <HistoryPanel {...ctx} />,
};
