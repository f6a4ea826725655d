// Alert hygiene in one page: what fires now (Alertmanager, by team and service, silences shown),
// the statistics of the last weeks (firings, flapping, time firing, pages nobody acknowledged,
// who they woke) with charts, and the lint of the rule files by service.
import { PageHead } from '../../components/PageHead.tsx';
import { AlertStatsSection } from './AlertStats.tsx';
import { FiringNow } from './FiringNow.tsx';
import { RuleLint } from './RuleLint.tsx';
import './alerts.css';

export default function AlertsPage() {
  return (
    <>
      <PageHead title="Alerts" lead="The alerts firing now, how noisy each alert has been and whom it woke, and the hygiene of the alerting rules. docs/alerts.md says how to connect Alertmanager and Prometheus." />
      <div className="alerts-grid">
        <FiringNow />
        <AlertStatsSection />
        <RuleLint />
      </div>
    </>
  );
}
