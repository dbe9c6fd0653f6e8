/**
 * Where to go after logging in (or setting up two-step login): only paths on this site, no open
 * redirect. Resolved as the browser would: "/\example.org" is read as "//example.org", another
 * site, which the router refuses to navigate to (the page broke); anything that leaves this origin
 * goes to the list of drafts.
 */
export function safeNext(next: string | null): string {
  if (!next?.startsWith('/')) return '/';
  try {
    const url = new URL(next, location.origin);
    return url.origin === location.origin ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}
