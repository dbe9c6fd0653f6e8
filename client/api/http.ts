import type { z } from 'zod';
import { ApiErrorSchema } from '../../shared/api/errors.ts';

/** A failed API call, with the server's message in words the user can act on. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Calls the JSON API and validates the answer with the same schema the server uses, so the
 * client's types are the contract, not a hand-written mirror of it.
 */
export async function request<S extends z.ZodType>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  responseSchema: S,
  body?: unknown,
  signal?: AbortSignal,
): Promise<z.infer<S>> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch {
    throw new ApiRequestError(0, 'network', 'Plenary cannot reach the server. Check your connection and try again.');
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = ApiErrorSchema.safeParse(json);
    if (error.success) throw new ApiRequestError(response.status, error.data.error, error.data.message);
    throw new ApiRequestError(response.status, 'unknown', `The server answered with an error (${response.status}). Try again.`);
  }
  const parsed = responseSchema.safeParse(json);
  if (!parsed.success) throw new ApiRequestError(response.status, 'bad_response', 'The server sent an answer this page does not understand. Reload the page.');
  return parsed.data;
}
