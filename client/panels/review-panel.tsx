import { ReviewPanel } from '../review/ReviewPanel.tsx';
import type { PanelDefinition } from './types.ts';

/** The right panel's Comments tab: comment threads and suggestions (issue 6). */
export const reviewPanel: PanelDefinition = {
  id: 'review',
  side: 'right',
  label: 'Comments',
  shortcutKey: '1',
  render: (ctx) => <ReviewPanel {...ctx} />,
};
