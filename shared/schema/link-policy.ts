/**
 * Which link targets a draft may hold. Only http, https and mailto: anything else (javascript:,
 * data:, vbscript:, file:, relative paths that a browser would resolve against our origin) is
 * refused when a link is created, pasted, parsed from HTML or rendered in any export.
 */
const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** Returns true when `href` is an absolute http(s) or mailto URL. */
export function isSafeHref(href: string | null | undefined): boolean {
  if (typeof href !== 'string') return false;
  // Browsers strip ASCII control characters and whitespace before parsing a scheme
  // ("java\tscript:"), so we parse exactly what a browser would.
  const trimmed = href.trim();
  if (trimmed.length === 0 || trimmed.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return false;
  }
  return ALLOWED_PROTOCOLS.has(url.protocol);
}

export const ALLOWED_LINK_PROTOCOLS = ['http', 'https', 'mailto'] as const;
