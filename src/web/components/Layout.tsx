// The app shell: skip link, header with product name and navigation, theme toggle, sign-in.
// Wide screens show the main pages inline and the workflow pages under "More"; narrow ones fold
// everything into a "Menu" disclosure so the header fits at 390 px.
import { Suspense, useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { ThemeToggle } from './ThemeToggle.tsx';
import { SignIn } from './SignIn.tsx';
import { Loading } from './States.tsx';

const NAV = [
  { to: '/', label: 'Leaderboard', end: true },
  { to: '/catalog', label: 'Catalog' },
  { to: '/graph', label: 'Graph' },
  { to: '/changes', label: 'Changes' },
  { to: '/incidents', label: 'Incidents' },
  { to: '/oncall', label: 'On call' },
  { to: '/scorecards', label: 'Scorecards' },
  { to: '/policies', label: 'Grades' },
];
export const MORE = [
  { to: '/waivers', label: 'Waivers' },
  { to: '/attestations', label: 'Attestations' },
  { to: '/dora', label: 'DORA' },
  { to: '/reports/deploys', label: 'Deploy decisions' },
  { to: '/reports/f-teams', label: 'F teams' },
  { to: '/notifications', label: 'Notifications' },
  { to: '/forecasts', label: 'Forecasts' },
  { to: '/capacity', label: 'Capacity planner' },
  { to: '/edge', label: 'Bot defence' },
  { to: '/slo', label: 'SLOs' },
  { to: '/alerts', label: 'Alerts' },
];

function NavLinks({ items }: { items: { to: string; label: string; end?: boolean }[] }) {
  return (
    <>
      {items.map((n) => (
        <li key={n.to}>
          <NavLink to={n.to} end={n.end} className="nav-link">{n.label}</NavLink>
        </li>
      ))}
    </>
  );
}

function MainNav() {
  const [open, setOpen] = useState(false);
  const more = useRef<HTMLDetailsElement>(null);
  const { pathname } = useLocation();
  // A followed link closes the menus.
  useEffect(() => {
    setOpen(false);
    if (more.current) more.current.open = false;
  }, [pathname]);
  return (
    <nav aria-label="Main" className={`nav ${open ? 'nav-open' : ''}`}>
      <button type="button" className="button button-ghost nav-toggle" aria-expanded={open} aria-controls="main-nav" onClick={() => setOpen(!open)}>Menu</button>
      <ul id="main-nav" className="nav-list">
        <NavLinks items={NAV} />
        <li className="nav-more-item">
          <details ref={more} className="nav-more">
            <summary className={`nav-link ${MORE.some((m) => pathname.startsWith(m.to)) ? 'active' : ''}`}>More</summary>
            <ul className="nav-more-list"><NavLinks items={MORE} /></ul>
          </details>
        </li>
      </ul>
    </nav>
  );
}

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
          <MainNav />
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
