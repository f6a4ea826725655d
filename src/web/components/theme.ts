// Light/dark theme: follows prefers-color-scheme until the user picks one, then remembers it.
// The one source of truth is <html data-theme> (set before first paint by index.html); every
// component reads it through useThemeName, so a toggle reaches all of them.
import { useCallback, useEffect, useSyncExternalStore } from 'react';

export type Theme = 'light' | 'dark';
const KEY = 'tally.theme';

function systemTheme(): Theme {
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** The theme on <html data-theme>, or the system's while none is set. */
function currentTheme(): Theme {
  const set = document.documentElement.dataset.theme;
  if (set === 'light' || set === 'dark') return set;
  return systemTheme();
}

function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

/** The current theme; re-renders whenever <html data-theme> changes (a toggle, or the system's while the user has not chosen). */
export function useThemeName(): Theme {
  return useSyncExternalStore(subscribe, currentTheme, () => 'light');
}

/** The current theme and a toggle that remembers the choice (the header's ThemeToggle). */
export function useTheme() {
  const theme = useThemeName();
  useEffect(() => {
    if (!document.documentElement.dataset.theme) applyTheme(currentTheme());
    // Follow the system while the user has not chosen.
    const mq = matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => {
      if (!localStorage.getItem(KEY)) applyTheme(mq.matches ? 'dark' : 'light');
    };
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);
  const toggle = useCallback(() => {
    const next = currentTheme() === 'dark' ? 'light' : 'dark';
    localStorage.setItem(KEY, next);
    applyTheme(next);
  }, []);
  return { theme, toggle };
}
