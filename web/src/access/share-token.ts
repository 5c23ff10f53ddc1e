// A share link is a credential carried in the page URL (?share=…). Every API request the
// page makes must carry it too: client.ts adds shareHeaders() to its headers.

/** The share token in the current page URL, if any. */
export function shareToken(): string | undefined {
  if (typeof window === 'undefined') return undefined;
  return new URLSearchParams(window.location.search).get('share') ?? undefined;
}

/** The header that carries the page's share token to the API (nothing without one). */
export function shareHeaders(): Record<string, string> {
  const token = shareToken();
  return token ? { 'x-canopy-share': token } : {};
}

/** The full link for a share token, for copying. */
export function shareUrl(token: string): string {
  return `${window.location.origin}/?share=${encodeURIComponent(token)}`;
}

/** `to` (a path with an optional search) carrying the page's share token, so links and navigation keep it. */
export function withShare(to: string): string {
  const token = shareToken();
  if (!token) return to;
  const url = new URL(to, window.location.origin);
  if (!url.searchParams.has('share')) url.searchParams.set('share', token);
  return url.pathname + url.search + url.hash;
}
