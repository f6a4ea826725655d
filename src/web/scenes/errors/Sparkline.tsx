// Events per hour over the last day as a small bar chart (inline SVG, no chart library).
export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const max = Math.max(1, ...values);
  const w = 3;
  const h = 20;
  return (
    <svg className="sparkline" width={values.length * (w + 1)} height={h} role="img" aria-label={label}>
      {values.map((v, i) => {
        const bh = v === 0 ? 1 : Math.max(2, Math.round((v / max) * h));
        return <rect key={i} x={i * (w + 1)} y={h - bh} width={w} height={bh} className={v === 0 ? 'spark-zero' : 'spark-bar'} />;
      })}
    </svg>
  );
}
