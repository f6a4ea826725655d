// The report card's head: name, grade and score, owner, tier, and the operational links.
import { Link } from 'react-router';
import { ANNOTATIONS } from '../../../common/catalog.ts';
import type { EntityItem } from '../../api/entities.ts';
import type { ScorecardScore } from '../../api/scores.ts';
import { EntityLink } from '../../components/EntityLink.tsx';
import { GradeBadge } from '../../components/GradeBadge.tsx';
import { entityPath } from '../../../common/links.ts';

const LINKS = [
  [ANNOTATIONS.runbookUrl, 'Runbook'],
  [ANNOTATIONS.dashboardUrl, 'Dashboard'],
  [ANNOTATIONS.statusUrl, 'Status endpoint'],
] as const;

export function ServiceHeader({ entity, score }: { entity: EntityItem; score?: ScorecardScore }) {
  const { metadata, spec = {} } = entity;
  const ann = metadata.annotations ?? {};
  const tier = ann[ANNOTATIONS.tier];
  const owner = typeof spec.owner === 'string' ? spec.owner : undefined;
  const system = typeof spec.system === 'string' ? spec.system : undefined;
  return (
    <div className="page-head report-head">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/">Leaderboard</Link>
        {system && (<><span aria-hidden="true">/</span><Link to={`/?system=${encodeURIComponent(system)}`}>{system}</Link></>)}
      </nav>
      <div className="page-head-row">
        <div className="report-title">
          <GradeBadge grade={score?.grade} size="xl" />
          <div>
            <h1>{metadata.title ?? metadata.name}</h1>
            <p className="muted">
              {score?.score != null ? <><strong className="score-big">{score.score.toFixed(1)}</strong> / 100 on {score.title ?? score.scorecard}</> : 'Not graded yet'}
              {owner && <> · owned by <EntityLink entityRef={owner} defaultKind="group" report /></>}
              {tier && <> · <span className={`tier tier-${tier}`}>Tier {tier}</span></>}
            </p>
            {metadata.description && <p className="lead">{metadata.description}</p>}
          </div>
        </div>
        <ul className="op-links" aria-label="Operational links">
          {LINKS.map(([key, label]) => ann[key] && <li key={key}><a className="button" href={ann[key]} target="_blank" rel="noreferrer">{label}</a></li>)}
          <li><Link className="button" to={entityPath(entity.ref) ?? "/catalog"}>Catalog entry</Link></li>
        </ul>
      </div>
    </div>
  );
}
