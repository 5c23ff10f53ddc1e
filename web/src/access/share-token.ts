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
