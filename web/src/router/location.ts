import { useSyncExternalStore } from 'react';
import { withShare } from '../access/share-token.ts';

// A tiny router over the History API: the app has a handful of flat pages, so a router
// library would add weight without adding meaning. The URL is the single source of truth.

const CHANGE = 'canopy:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

/** The current path and search string; re-renders on every navigation. */
export function useLocation(): { pathname: string; search: URLSearchParams; href: string } {
  const href = useSyncExternalStore(subscribe, snapshot, snapshot);
  const url = new URL(href, window.location.origin);
  return { pathname: url.pathname, search: url.searchParams, href };
}

/** Goes to `to` (a path with an optional search string) without reloading the page. */
export function navigate(target: string, options: { replace?: boolean } = {}): void {
  const to = withShare(target); // a page opened from a share link keeps its token
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE));
  if (!options.replace) window.scrollTo({ top: 0 });
}
