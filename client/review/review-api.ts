import { z } from 'zod';
import {
  DecisionResultSchema,
  OkSchema,
  ReviewSettingsSchema,
  ReviewStateSchema,
  type Anchor,
  type DecideAllRequest,
  type SuggestedChange,
  type UpdateSuggestionRequest,
} from '../../shared/api/index.ts';
import type { DraftId, UserId } from '../../shared/ids.ts';
import { request } from '../api/http.ts';

const Created = z.object({ id: z.string() });
const d = (id: DraftId) => `/drafts/${encodeURIComponent(id)}`;
const e = encodeURIComponent;

/** The review calls of one draft, typed by the shared schemas (the server decides what each member sees). */
export const reviewApi = {
  state: (id: DraftId) => request('GET', `${d(id)}/review`, ReviewStateSchema),
  setSuggestionsOnly: (id: DraftId, suggestionsOnly: boolean) => request('PUT', `${d(id)}/review-settings`, ReviewSettingsSchema, { suggestionsOnly }),
  createThread: (id: DraftId, anchor: Anchor, body: string, mentions: UserId[]) => request('POST', `${d(id)}/threads`, Created, { anchor, body, mentions }),
  reply: (id: DraftId, threadId: string, body: string, mentions: UserId[]) => request('POST', `${d(id)}/threads/${e(threadId)}/comments`, Created, { body, mentions }),
  setStatus: (id: DraftId, threadId: string, status: 'open' | 'resolved') => request('PUT', `${d(id)}/threads/${e(threadId)}/status`, OkSchema, { status }),
  editComment: (id: DraftId, commentId: string, body: string, mentions: UserId[]) => request('PATCH', `${d(id)}/comments/${e(commentId)}`, OkSchema, { body, mentions }),
  deleteComment: (id: DraftId, commentId: string) => request('DELETE', `${d(id)}/comments/${e(commentId)}`, OkSchema),
  createSuggestion: (id: DraftId, anchor: Anchor, insertText: string) => request('POST', `${d(id)}/suggestions`, Created, { anchor, insertText }),
  createChange: (id: DraftId, anchor: Anchor, change: SuggestedChange) => request('POST', `${d(id)}/suggestions`, Created, { anchor, change }),
  updateSuggestion: (id: DraftId, sid: string, body: UpdateSuggestionRequest) => request('PATCH', `${d(id)}/suggestions/${e(sid)}`, OkSchema, body),
  withdraw: (id: DraftId, sid: string) => request('DELETE', `${d(id)}/suggestions/${e(sid)}`, OkSchema),
  decide: (id: DraftId, sid: string, decision: 'accept' | 'reject') => request('POST', `${d(id)}/suggestions/${e(sid)}/${decision}`, DecisionResultSchema),
  decideAll: (id: DraftId, body: DecideAllRequest) => request('POST', `${d(id)}/suggestions-decide`, DecisionResultSchema, body),
};
