import { z } from 'zod';

/** Stable error ids the API answers with, beside a human message. */
export const ERROR_IDS = [
  'bad_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'too_large',
  'rate_limited',
  'unsupported_media_type',
  'storage_unavailable',
  /** Login: the password was right; now send it again with an authenticator or recovery code. */
  'second_factor_required',
  /** Login: the instance requires two-step login and this account must set it up first. */
  'second_factor_setup_required',
  'internal_error',
] as const;
export type ErrorId = (typeof ERROR_IDS)[number];

/** The body of every non-2xx API response. */
export const ApiErrorSchema = z.object({
  error: z.enum(ERROR_IDS),
  message: z.string(),
  /** For bad_request: which fields were wrong and why. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
