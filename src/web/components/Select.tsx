import { useId } from 'react';

export interface Option {
  value: string;
  label: string;
}

/** A labelled native select; the empty value means "any". */
export function Select({ label, value, options, onChange, anyLabel = 'Any' }: { label: string; value: string; options: Option[]; onChange(v: string): void; anyLabel?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">{label}</label>
      <select id={id} className="input select" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </div>
  );
}

export function TextFilter({ label, value, onChange, placeholder }: { label: string; value: string; onChange(v: string): void; placeholder?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">{label}</label>
      <input
        id={id}
        className="input"
        defaultValue={value}
        key={value}
        placeholder={placeholder}
        onBlur={(e) => e.target.value !== value && onChange(e.target.value.trim())}
        onKeyDown={(e) => e.key === 'Enter' && onChange(e.currentTarget.value.trim())}
      />
    </div>
  );
}
