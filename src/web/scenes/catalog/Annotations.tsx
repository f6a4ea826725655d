import { ANNOTATIONS } from '../../../common/catalog.ts';

const LABELS: Record<string, string> = {
  [ANNOTATIONS.runbookUrl]: 'Runbook',
  [ANNOTATIONS.dashboardUrl]: 'Dashboard',
  [ANNOTATIONS.statusUrl]: 'Status page',
  [ANNOTATIONS.repoPath]: 'Repository path',
  [ANNOTATIONS.githubSlug]: 'GitHub',
  [ANNOTATIONS.oncallRotation]: 'On-call rotation',
  [ANNOTATIONS.tier]: 'Tier',
};

// Webhook URLs may hold secrets: never show them.
const HIDDEN = new Set<string>([ANNOTATIONS.slackWebhook, ANNOTATIONS.webhookUrl]);

function isHttpUrl(v: string): boolean {
  return /^https?:\/\//i.test(v);
}

function Value({ name, value }: { name: string; value: string }) {
  if (isHttpUrl(value)) return <a href={value} target="_blank" rel="noreferrer">{value}</a>;
  if (name === ANNOTATIONS.githubSlug) return <a href={`https://github.com/${value}`} target="_blank" rel="noreferrer">{value}</a>;
  return <code>{value}</code>;
}

export function Annotations({ annotations }: { annotations: Record<string, string> }) {
  const entries = Object.entries(annotations)
    .filter(([k]) => !HIDDEN.has(k))
    .sort(([a], [b]) => Number(!LABELS[a]) - Number(!LABELS[b]) || a.localeCompare(b));
  return (
    <section className="card" aria-labelledby="annotations">
      <h2 id="annotations" className="card-title">Annotations</h2>
      {entries.length === 0 ? (
        <p className="muted">
          None. Add <code>tally.dev/runbook-url</code>, <code>tally.dev/dashboard-url</code> and <code>tally.dev/status-url</code> — the scorecard checks them.
        </p>
      ) : (
        <dl className="facts facts-wide">
          {entries.map(([k, v]) => (
            <div key={k}>
              <dt title={k}>{LABELS[k] ?? k}</dt>
              <dd><Value name={k} value={v} /></dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
