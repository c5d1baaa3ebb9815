import { pages, type PageId } from '../app/pages';

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);

/** The left navigation: real buttons, aria-current on the active page, shortcut shown in the title. */
export function Sidebar({ page, onSelect }: { page: PageId; onSelect: (page: PageId) => void }) {
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">ClawGrid</div>
      <ul>
        {pages.map((p, i) => (
          <li key={p.id}>
            <button
              type="button"
              className="nav-item"
              data-testid={`nav-${p.id}`}
              aria-current={p.id === page ? 'page' : undefined}
              title={`${p.label} (${isMac ? '⌥' : 'Alt+'}${i + 1})`}
              onClick={() => onSelect(p.id)}
            >
              <span className="nav-label">{p.label}</span>
              <kbd className="nav-key" aria-hidden="true">
                {i + 1}
              </kbd>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
