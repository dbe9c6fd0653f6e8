import {
  CompareResponseSchema,
  RestoreResponseSchema,
  VersionDetailSchema,
  VersionListSchema,
  VersionSummarySchema,
  type UpdateVersionRequest,
} from '../../shared/api/versions.ts';
import type { DraftId, VersionId } from '../../shared/ids.ts';
import { request } from '../api/http.ts';

const base = (draftId: DraftId) => `/drafts/${encodeURIComponent(draftId)}`;

/** The versions API, typed and validated by the shared schemas. */
export const versionsApi = {
  list: (draftId: DraftId) => request('GET', `${base(draftId)}/versions`, VersionListSchema),
  save: (draftId: DraftId, name: string) => request('POST', `${base(draftId)}/versions`, VersionSummarySchema, { name }),
  open: (draftId: DraftId, id: VersionId) => request('GET', `${base(draftId)}/versions/${encodeURIComponent(id)}`, VersionDetailSchema),
  update: (draftId: DraftId, id: VersionId, body: UpdateVersionRequest) =>
    request('PATCH', `${base(draftId)}/versions/${encodeURIComponent(id)}`, VersionSummarySchema, body),
  compare: (draftId: DraftId, from: VersionId, to: VersionId | 'current') =>
    request('GET', `${base(draftId)}/compare?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, CompareResponseSchema),
  restore: (draftId: DraftId, id: VersionId) => request('POST', `${base(draftId)}/versions/${encodeURIComponent(id)}/restore`, RestoreResponseSchema),
};
