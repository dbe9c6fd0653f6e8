import type { HttpBindings } from '@hono/node-server';
import type { UserRow } from '../storage/users-repo.ts';

/** Hono environment of our app: Node bindings plus the authenticated user, once known. */
export interface AppEnv {
  Bindings: HttpBindings;
  Variables: { user: UserRow; sessionToken: string | undefined };
}
