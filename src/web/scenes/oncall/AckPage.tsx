// Where the link in a page message leads: what it acknowledges and for whom, and one button.
// The link is the credential (signed, expiring): no sign-in needed.
import { useSearchParams } from 'react-router';
import { useAckLink, useAckWithLink } from '../../api/oncall.ts';
import { QueryBody } from '../../components/QueryBody.tsx';
import { Card } from '../../components/Section.tsx';
import { ErrorState } from '../../components/States.tsx';
import { useTitle } from '../../components/useTitle.ts';
import { at, STATUS_LABEL } from './format.ts';
import './oncall.css';

export default function AckPage() {
  useTitle('Acknowledge a page');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const info = useAckLink(token);
  const ack = useAckWithLink();
  if (!token) return <ErrorState error={new Error('This link has no token: open the whole link from the page message.')} />;
  return (
    <>
      <div className="page-head">
        <h1>Acknowledge a page</h1>
      </div>
      <QueryBody query={info} label="Checking the link">
        {(d) => {
          const page = ack.data?.page ?? d.page;
          return (
            <Card title={`P-${page.number} · ${page.title}`} className="ack-card">
              <p>
                <span className={`page-status-${page.status}`}>{STATUS_LABEL[page.status]}</span> · rotation {page.rotation} · triggered {at(page.triggeredAt)}
              </p>
              <pre className="small">{page.details}</pre>
              {page.status === 'triggered' ? (
                <button type="button" className="button button-primary" disabled={ack.isPending} onClick={() => ack.mutate(token)}>
                  Acknowledge as {d.person.name}
                </button>
              ) : (
                <p role="status">{page.status === 'acknowledged' ? `Acknowledged by ${page.acknowledgedBy} at ${at(page.acknowledgedAt!)}.` : `Resolved at ${at(page.resolvedAt!)}.`} The escalation has stopped.</p>
              )}
              {ack.isError && <ErrorState error={ack.error} />}
              <p className="muted small">This link works until {at(d.expiresAt)}.</p>
            </Card>
          );
        }}
      </QueryBody>
    </>
  );
}
