import { Suspense } from 'react';
import { pageEntry, type PageId } from './pages';

/** The current page, loaded on demand (its chunk is fetched the first time); a new page is one entry in pages.ts. */
export function PageView({ page }: { page: PageId }) {
  const Page = pageEntry(page).component;
  return (
    <Suspense fallback={<p className="muted" role="status">Loading…</p>}>
      <Page />
    </Suspense>
  );
}
