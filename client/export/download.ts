import { ApiErrorSchema } from '../../shared/api/errors.ts';
import type { ExportFormat } from '../../shared/api/export.ts';
import type { DraftId } from '../../shared/ids.ts';

/** The export URL for a format: the live draft or a version, optionally against another (or the baseline). */
export function exportUrl(draftId: DraftId, format: ExportFormat, choice: { version?: string; against?: string }): string {
  const q = new URLSearchParams({ format });
  if (choice.version) q.set('version', choice.version);
  if (choice.against) q.set('against', choice.against);
  return `/api/drafts/${encodeURIComponent(draftId)}/export?${q.toString()}`;
}

/** The file name the server chose (Content-Disposition), for the download. */
function fileNameOf(disposition: string | null): string {
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (utf8) return decodeURIComponent(utf8);
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? 'export';
}

/**
 * Fetches an export and saves it. Fetching first (rather than following a link) lets a failure
 * be shown in words beside the menu instead of replacing the page with a JSON error.
 */
export async function downloadExport(url: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new Error('Plenary cannot reach the server. Check your connection and try again.');
  }
  if (!res.ok) {
    const parsed = ApiErrorSchema.safeParse(await res.json().catch(() => undefined));
    throw new Error(parsed.success ? parsed.data.message : `The export failed (${res.status}). Try again.`);
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileNameOf(res.headers.get('content-disposition'));
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser the time to start the download before the URL is revoked.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
