/** The REST contract: request and response schemas used by both the server and the client. */
export * from './errors.ts';
export * from './users.ts';
export * from './auth.ts';
export * from './drafts.ts';
export * from './versions.ts';
export * from './import.ts';
export * from './health.ts';
export * from './review.ts';
export * from './account.ts';
export * from './invites.ts';
export * from './audit.ts';
export * from './export.ts';
