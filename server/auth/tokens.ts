import { createHash, randomBytes } from 'node:crypto';

/** A new random id of the shape shared/ids.ts expects (16 random bytes, base64url: 22 characters). */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}

/** A new secret token (session cookie, setup link). Only its hash is ever stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
