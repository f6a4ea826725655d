// The team's README badge: the image and the Markdown to paste, with a copy button.
import { useId, useState } from 'react';
import { Card } from '../../components/Section.tsx';

export function BadgeSnippet({ teamRef, name }: { teamRef: string; name: string }) {
  const [copied, setCopied] = useState(false);
  const id = useId();
  const origin = window.location.origin;
  const img = `${origin}/badges/teams/${encodeURIComponent(teamRef)}.svg`;
  const page = window.location.href.split('?')[0];
  const markdown = `[![${name} on Tally](${img})](${page})`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(markdown);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      document.getElementById(id)?.focus();
    }
  };
  return (
    <Card title="Badge for your README">
      <p><img src={img} alt={`${name} grade badge`} height={20} /></p>
      <label htmlFor={id} className="field-label">Markdown</label>
      <div className="copy-row">
        <input id={id} className="input mono" readOnly value={markdown} onFocus={(e) => e.target.select()} />
        <button type="button" className="button" onClick={copy}>{copied ? 'Copied' : 'Copy'}</button>
      </div>
      <span className="visually-hidden" aria-live="polite">{copied ? 'Copied to the clipboard' : ''}</span>
    </Card>
  );
}
