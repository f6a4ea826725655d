// A page's title block: heading, one line saying what the page is for, and optional actions.
import type { ReactNode } from 'react';
import { useTitle } from './useTitle.ts';

export function PageHead({ title, lead, children }: { title: string; lead: ReactNode; children?: ReactNode }) {
  useTitle(title);
  return (
    <div className="page-head page-head-row">
      <div>
        <h1>{title}</h1>
        <p className="muted">{lead}</p>
      </div>
      {children}
    </div>
  );
}
