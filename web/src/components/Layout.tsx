import type { ReactNode } from 'react';
import { useLocation } from '../router/location.ts';
import { Link } from '../router/Link.tsx';
import { hrefWithView, readViewState } from '../router/view-state.ts';
import { AccessSlot } from './AccessSlot.tsx';
import { ThemeToggle } from './ThemeToggle.tsx';

const NAV = [
  { path: '/', label: 'Forest' },
  { path: '/trends', label: 'Trends' },
  { path: '/movement', label: 'Movement' },
  { path: '/features', label: 'Features' },
  { path: '/customers', label: 'Customers' },
  { path: '/data', label: 'Data' },
  { path: '/email', label: 'Email' },
  { path: '/settings', label: 'Settings' },
];

/** The frame of every page: skip link, brand, navigation (keeping the period and segment), theme toggle. */
export function Layout({ children }: { children: ReactNode }) {
  const { pathname, search } = useLocation();
  const view = readViewState(search);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-header__inner">
          <Link to={hrefWithView('/', view)} className="brand">
            <span className="brand__mark" aria-hidden="true" />
            Canopy
          </Link>
          <nav aria-label="Pages" className="nav">
            <ul>
              {NAV.map((item) => (
                <li key={item.path}>
                  <Link to={hrefWithView(item.path, view)} aria-current={pathname === item.path ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <ThemeToggle />
        </div>
      </header>
      <AccessSlot name="LocalModeBanner" />
      <main id="main" tabIndex={-1} className="app-main">
        {children}
      </main>
      <footer className="app-footer">
        <a href="/docs">API documentation</a>
      </footer>
    </>
  );
}
