// A search box that writes to the URL after the user pauses typing.
import { useEffect, useId, useState } from 'react';

export function SearchInput({ value, onChange, label, placeholder }: { value: string; onChange(v: string): void; label: string; placeholder?: string }) {
  const [draft, setDraft] = useState(value);
  const id = useId();
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const t = setTimeout(() => onChange(draft), 250);
    return () => clearTimeout(t);
  }, [draft, value, onChange]);
  return (
    <div className="field field-search">
      <label htmlFor={id} className="field-label">{label}</label>
      <input
        id={id}
        type="search"
        className="input"
        value={draft}
        placeholder={placeholder}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && onChange(draft)}
      />
    </div>
  );
}
