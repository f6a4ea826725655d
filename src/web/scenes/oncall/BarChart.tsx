// A small horizontal bar chart that is also a list a screen reader reads: one row per item, its
// value in words and as a bar scaled to the largest value.
export interface Bar {
  key: string;
  label: string;
  value: number;
  /** Shown after the value, e.g. "2 off hours". */
  note?: string;
}

export function BarChart({ label, bars, unit }: { label: string; bars: readonly Bar[]; unit: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <ul className="bar-chart" aria-label={label}>
      {bars.map((b) => (
        <li key={b.key} className="bar-row">
          <span className="bar-label">{b.label}</span>
          <span className="bar-track" aria-hidden="true">
            <span className="bar-fill" style={{ width: `${(100 * b.value) / max}%` }} />
          </span>
          <span className="bar-value small">
            {b.value} {unit}
            {b.note ? ` · ${b.note}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}
