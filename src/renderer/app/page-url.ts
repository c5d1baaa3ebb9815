import { isPageId, type PageId } from './pages';

/** The page named by `?page=` (the hash is taken by the access token), or null. */
export function pageFromSearch(search: string): PageId | null {
  const page = new URLSearchParams(search).get('page');
  return isPageId(page) ? page : null;
}

/** Mirrors the current page into `?page=` so a reload lands on it; keeps path and hash as they are. */
export function writePageToUrl(page: PageId, win: Window = window): void {
  const params = new URLSearchParams(win.location.search);
  if (params.get('page') === page) return;
  params.set('page', page);
  try {
    win.history.replaceState(win.history.state, '', `${win.location.pathname}?${params.toString()}${win.location.hash}`);
  } catch {
    // some embedding contexts refuse replaceState; the page still switches
  }
}
