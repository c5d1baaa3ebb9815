import { useEffect } from 'react';
import { pages, type PageId } from './pages';

/** The page for an Alt+<n> / Ctrl+<n> key press (n = 1..7), or null. Uses `code` so macOS Option+1 works. */
export function pageForKey(e: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'key' | 'code'>): PageId | null {
  if (!(e.altKey || e.ctrlKey) || e.metaKey || e.shiftKey) return null;
  const digit = /^Digit([1-9])$/.exec(e.code)?.[1] ?? (/^[1-9]$/.test(e.key) ? e.key : undefined);
  if (!digit) return null;
  return pages[Number(digit) - 1]?.id ?? null;
}

/** Switches pages with Alt+1..7 or Ctrl+1..7 anywhere in the window. */
export function usePageHotkeys(setPage: (page: PageId) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const page = pageForKey(e);
      if (!page) return;
      e.preventDefault();
      setPage(page);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setPage]);
}
