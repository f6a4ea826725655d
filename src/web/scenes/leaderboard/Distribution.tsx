// How many services hold each grade, as one stacked bar plus a readable legend.
import { GRADES, gradeSlug } from '../../components/grades.ts';

const ORDER = [...GRADES, 'none'] as const;

export function Distribution({ distribution }: { distribution: Record<string, number> }) {
  const total = ORDER.reduce((sum, g) => sum + (distribution[g] ?? 0), 0);
  if (total === 0) return null;
  return (
    <section className="card distribution" aria-labelledby="dist-title">
      <h2 id="dist-title" className="card-title">Grade distribution <span className="muted small">{total.toLocaleString()} services</span></h2>
      <div className="dist-bar" aria-hidden="true">
        {ORDER.filter((g) => distribution[g]).map((g) => (
          <span key={g} className={`dist-seg bg-grade-${gradeSlug(g === 'none' ? null : g)}`} style={{ flexGrow: distribution[g] }} title={`${g}: ${distribution[g]}`} />
        ))}
      </div>
      <ul className="dist-legend">
        {ORDER.map((g) => (
          <li key={g}>
            <span className={`swatch bg-grade-${gradeSlug(g === 'none' ? null : g)}`} aria-hidden="true" />
            <span className="dist-grade">{g === 'none' ? 'No grade' : g}</span>
            <span className="dist-count">{(distribution[g] ?? 0).toLocaleString()}</span>
            <span className="muted small">{Math.round(((distribution[g] ?? 0) / total) * 100)}%</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
