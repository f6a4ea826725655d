// The app shell: skip link, header with product name and navigation, theme toggle, sign-in.
import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { ThemeToggle } from './ThemeToggle.tsx';
import { SignIn } from './SignIn.tsx';
import { Loading } from './States.tsx';

const NAV = [
  { to: '/', label: 'Leaderboard', end: true },
  { to: '/catalog', label: 'Catalog' },
  { to: '/graph', label: 'Graph' },
  { to: '/changes', label: 'Changes' },
  { to: '/scorecards', label: 'Scorecards' },
];

export function Layout() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="header">
        <div className="header-inner">
          <NavLink to="/" className="brand" aria-label="Tally home">
            <span className="brand-mark" aria-hidden="true">A</span>
            <span className="brand-name">Tally</span>
          </NavLink>
          <nav aria-label="Main" className="nav">
            <ul>
              {NAV.map((n) => (
                <li key={n.to}>
                  <NavLink to={n.to} end={n.end} className="nav-link">
                    {n.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="header-actions">
            <ThemeToggle />
            <SignIn />
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Suspense fallback={<Loading rows={8} />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="footer">
        <span>Tally — every service graded F to A+.</span>
        <a href="/api/docs">API</a>
      </footer>
    </>
  );
}
