import { z } from 'zod';
import {
  DraftListSchema,
  DraftSummarySchema,
  MeSchema,
  MemberListSchema,
  OkSchema,
  SetupStatusSchema,
  UserListSchema,
  UserSummarySchema,
  type CreateUserRequest,
  type PutMemberRequest,
  type SetupRequest,
} from '../../shared/api/index.ts';
import type { DraftId, UserId } from '../../shared/ids.ts';
import { request } from './http.ts';

/** Every API call the client makes, typed by the shared schemas. */
export const api = {
  me: (signal?: AbortSignal) => request('GET', '/me', MeSchema, undefined, signal),
  login: (email: string, password: string) => request('POST', '/auth/login', MeSchema, { email, password }),
  logout: () => request('POST', '/auth/logout', OkSchema),
  setupStatus: () => request('GET', '/setup', SetupStatusSchema),
  setup: (body: SetupRequest) => request('POST', '/setup', MeSchema, body),

  listDrafts: () => request('GET', '/drafts', DraftListSchema),
  createDraft: (title: string) => request('POST', '/drafts', DraftSummarySchema, { title }),
  getDraft: (id: DraftId, signal?: AbortSignal) => request('GET', `/drafts/${encodeURIComponent(id)}`, DraftSummarySchema, undefined, signal),
  renameDraft: (id: DraftId, title: string) => request('PATCH', `/drafts/${encodeURIComponent(id)}`, DraftSummarySchema, { title }),
  members: (id: DraftId) => request('GET', `/drafts/${encodeURIComponent(id)}/members`, MemberListSchema),
  putMember: (id: DraftId, body: PutMemberRequest) => request('PUT', `/drafts/${encodeURIComponent(id)}/members`, MemberListSchema, body),
  removeMember: (id: DraftId, userId: UserId) =>
    request('DELETE', `/drafts/${encodeURIComponent(id)}/members/${encodeURIComponent(userId)}`, MemberListSchema),

  listUsers: () => request('GET', '/users', UserListSchema),
  createUser: (body: CreateUserRequest) => request('POST', '/users', UserSummarySchema.extend({ isAdmin: z.boolean() }), body),
};
