import { ApiErrorSchema, DraftSummarySchema, ImportDraftResponseSchema, type ImportDraftResponse } from '../../shared/api/index.ts';
import { TEMPLATE_TITLES, type TemplateKind } from '../../shared/templates/kinds.ts';
import { ApiRequestError, request } from '../api/http.ts';

/** Creates a draft from the proposal template or the sample (its title defaults to the template's). */
export function createFromTemplate(template: TemplateKind, title?: string) {
  return request('POST', '/drafts', DraftSummarySchema, { title: title?.trim() || TEMPLATE_TITLES[template], template });
}

/** Uploads a .docx, .md or .txt file; the server makes a new draft of it. */
export async function importDraftFile(file: File): Promise<ImportDraftResponse> {
  let response: Response;
  try {
    response = await fetch(`/api/drafts/import?filename=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: file,
    });
  } catch {
    throw new ApiRequestError(0, 'network', 'Plenary cannot reach the server. Check your connection and try again.');
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = ApiErrorSchema.safeParse(json);
    throw new ApiRequestError(response.status, error.success ? error.data.error : 'unknown', error.success ? error.data.message : `The import failed (${response.status}). Try again.`);
  }
  const parsed = ImportDraftResponseSchema.safeParse(json);
  if (!parsed.success) throw new ApiRequestError(response.status, 'bad_response', 'The server sent an answer this page does not understand. Reload the page.');
  return parsed.data;
}
