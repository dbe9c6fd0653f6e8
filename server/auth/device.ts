/**
 * A short, human description of a session's device from its User-Agent ("Firefox on Windows"),
 * so a member can tell their sessions apart. Best effort: User-Agents are self-reported.
 */
export function describeDevice(userAgent: string): string {
  const ua = userAgent;
  const browser =
    /Edg\//.test(ua) ? 'Edge'
    : /Firefox\//.test(ua) ? 'Firefox'
    : /(Chrome|Chromium)\//.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari'
    : undefined;
  const os =
    /Android/.test(ua) ? 'Android'
    : /(iPhone|iPad|iPod)/.test(ua) ? 'iOS'
    : /Windows/.test(ua) ? 'Windows'
    : /Mac OS X|Macintosh/.test(ua) ? 'macOS'
    : /CrOS/.test(ua) ? 'ChromeOS'
    : /Linux/.test(ua) ? 'Linux'
    : undefined;
  if (browser && os) return `${browser} on ${os}`;
  if (browser ?? os) return browser ?? os ?? '';
  return ua ? 'Other device or program' : 'Unknown device';
}
