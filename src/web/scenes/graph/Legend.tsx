const ITEMS = [
  { cls: 'legend-tier-1', label: 'Tier 1' },
  { cls: 'legend-tier-2', label: 'Tier 2' },
  { cls: 'legend-tier-3', label: 'Tier 3' },
  { cls: 'legend-kind-resource', label: 'Resource' },
  { cls: 'legend-kind-api', label: 'API' },
  { cls: 'legend-kind-other', label: 'Other' },
];

export function Legend() {
  return (
    <ul className="legend" aria-label="Legend">
      {ITEMS.map((i) => (
        <li key={i.cls}><span className={`swatch ${i.cls}`} aria-hidden="true" />{i.label}</li>
      ))}
      <li><span className="line line-cycle" aria-hidden="true" />Cycle</li>
      <li><span className="line line-violation" aria-hidden="true" />Rule violation</li>
      <li><span className="line line-api" aria-hidden="true" />Uses API</li>
    </ul>
  );
}
