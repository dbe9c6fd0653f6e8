import type { ErrorId } from '../shared/api/errors.ts';

/**
 * A failure the client should see, with a stable id and HTTP status. Thrown from route handlers
 * and turned into `{ error, message }` by one error handler (http/app.ts). Anything else thrown is
 * a bug: logged with context and answered with a generic 500.
 */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503,
    readonly id: ErrorId,
    message: string,
    readonly issues?: Array<{ path: string; message: string }>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, issues?: Array<{ path: string; message: string }>) =>
  new HttpError(400, 'bad_request', message, issues);
export const unauthenticated = (message = 'You need to log in.') => new HttpError(401, 'unauthenticated', message);
export const forbidden = (message = 'Your role in this draft does not allow this.') => new HttpError(403, 'forbidden', message);
/** Also used for drafts the caller cannot see, so that existence is not revealed. */
export const notFound = (what = 'That') => new HttpError(404, 'not_found', `${what} was not found.`);
export const conflict = (message: string) => new HttpError(409, 'conflict', message);
export const tooLarge = (message: string) => new HttpError(413, 'too_large', message);
export const rateLimited = (message: string) => new HttpError(429, 'rate_limited', message);
/** The database cannot be written now; answered with Retry-After, like any storage failure (http/app.ts). */
export const storageUnavailable = (message: string) => new HttpError(503, 'storage_unavailable', message);

/**
 * Storage did not commit within the time a request may wait for it (another process holds the
 * write lock, or the disk keeps failing): the request gives up instead of waiting for ever.
 */
export class StorageTimeout extends Error {}

/** A problem with the installation (settings, key files) that stops the start; its message says what to do. */
export class StartupError extends Error {}

/**
 * Whether `err` is SQLite saying it cannot write now — another process holds the lock (BUSY,
 * LOCKED), the disk is full, the file is read-only or failing — rather than a bug: the request is
 * answered 503 "try again", not 500.
 */
export function isStorageUnavailable(err: unknown): boolean {
  if (err instanceof StorageTimeout) return true;
  const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : '';
  return /^SQLITE_(BUSY|LOCKED|FULL|READONLY|IOERR|CANTOPEN)/.test(code);
}
