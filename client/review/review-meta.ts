import { PluginKey } from '@tiptap/pm/state';

/** Transaction meta telling the review decorations to redraw ('server': the list changed; 'pending': local typing). */
export const REVIEW_META = new PluginKey('plenary-review');
