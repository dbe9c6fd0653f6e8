/** The REST contract: request and response schemas used by both the server and the client. */
export * from './errors.ts';
export * from './users.ts';
export * from './auth.ts';
export * from './drafts.ts';
export * from './health.ts';
