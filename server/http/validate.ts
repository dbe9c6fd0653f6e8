import type { Context } from 'hono';
import type { z } from 'zod';
import { badRequest, HttpError } from '../errors.ts';

/**
 * Parses a JSON request body with a shared schema: parse once at the edge, then trust the type.
 * Every way a body can be wrong gets a 400 saying what is wrong.
 */
export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the request body as JSON (Content-Type: application/json).');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
  return parseValue(schema, raw, 'request body');
}

/** Validates any untrusted value (URL parameter, query) with a schema. */
export function parseValue<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join('.') || what, message: i.message }));
    const summary = issues.map((i) => `${i.path} ${i.message}`).join('; ');
    throw badRequest(`Invalid ${what}: ${summary}.`, issues);
  }
  return result.data;
}
