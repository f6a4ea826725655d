/** A score change in points: ▲ green when up, ▼ red when down, — when unknown. */
export function Trend({ value, period }: { value: number | null | undefined; period: string }) {
  if (value === null || value === undefined) return <span className="muted" title={`No score ${period} ago`}>—</span>;
  const rounded = Math.round(value * 10) / 10;
  if (rounded === 0) return <span className="trend trend-flat" title={`Unchanged over ${period}`}>0</span>;
  const up = rounded > 0;
  return (
    <span className={`trend ${up ? 'trend-up' : 'trend-down'}`} title={`${up ? 'Up' : 'Down'} ${Math.abs(rounded)} points over ${period}`}>
      <span aria-hidden="true">{up ? '▲' : '▼'}</span>
      <span className="visually-hidden">{up ? 'up' : 'down'}</span> {Math.abs(rounded)}
    </span>
  );
}
