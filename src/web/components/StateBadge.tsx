// A requirement's state as a labelled chip: colour plus words, never colour alone.
const LABELS: Record<string, string> = {
  pass: 'Pass',
  warn: 'Warn',
  fail: 'Fail',
  error: 'Could not evaluate',
  stale: 'Stale',
  'n/a': 'Not applicable',
  exempt: 'Exempt',
};
const ICONS: Record<string, string> = { pass: '✓', warn: '!', fail: '✕', error: '?', stale: '⏱', 'n/a': '–', exempt: '⛨' };

export const stateLabel = (state: string | null | undefined): string => (state ? LABELS[state] ?? state : 'Absent');

export function StateBadge({ state, graced }: { state: string | null | undefined; graced?: boolean }) {
  const slug = state ? state.replace('/', '') : 'none';
  return (
    <span className={`state-chip state-${slug}`}>
      <span aria-hidden="true">{state ? ICONS[state] ?? '•' : '–'}</span> {stateLabel(state)}
      {graced && <span className="muted small"> (grace period)</span>}
    </span>
  );
}
