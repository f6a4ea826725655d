// A titled card; the heading labels the region for screen readers.
import { useId, type ReactNode } from 'react';

export function Card({ title, extra, children, className = '' }: { title: ReactNode; extra?: ReactNode; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <section className={`card ${className}`} aria-labelledby={id}>
      <h2 id={id} className="card-title">
        {title}
        {extra && <span className="card-extra">{extra}</span>}
      </h2>
      {children}
    </section>
  );
}
