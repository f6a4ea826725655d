import { useEffect } from 'react';

/** Sets the document title (`Page · Tally`), so tabs and screen-reader page announcements make sense. */
export function useTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · Tally` : 'Tally';
  }, [title]);
}
