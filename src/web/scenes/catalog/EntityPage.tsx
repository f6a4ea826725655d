// One entity: metadata, Tally annotations (runbook, dashboard, status links), relations by type.
import { Link, useParams } from 'react-router';
import { formatRef } from '../../../common/refs.ts';
import { ApiError } from '../../api/client.ts';
import { useEntity, type EntityItem } from '../../api/entities.ts';
import { EntityLink } from '../../components/EntityLink.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { useTitle } from '../../components/useTitle.ts';
import { Annotations } from './Annotations.tsx';
import { Relations } from './Relations.tsx';
import { readTier } from '../../../common/tier.ts';

export default function EntityPage() {
  const { kind = '', namespace = '', name = '' } = useParams();
  const ref = formatRef({ kind, namespace, name });
  const query = useEntity(ref);
  useTitle(query.data?.metadata.title ?? name);

  if (query.isPending) return <Loading rows={8} label={`Loading ${ref}…`} />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) {
      return (
        <Empty title={`No entity ${ref}`}>
          <p>It may have been renamed or removed. <Link to={`/catalog?q=${encodeURIComponent(name)}`}>Search the catalog</Link>.</p>
        </Empty>
      );
    }
    return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  }
  return <EntityView entity={query.data} />;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function EntityView({ entity }: { entity: EntityItem }) {
  const { metadata, spec = {} } = entity;
  const tier = readTier({ metadata });
  const system = str(spec.system);
  const facts: [string, React.ReactNode][] = [
    ['Kind', entity.kind],
    ['Type', str(spec.type)],
    ['Lifecycle', str(spec.lifecycle)],
    ['Owner', str(spec.owner) && <EntityLink entityRef={str(spec.owner)} defaultKind="group" />],
    ['System', system && <EntityLink entityRef={system} defaultKind="system" />],
    ['Tier', tier && <span className={`tier tier-${tier}`}>Tier {tier}</span>],
    ['Reference', <code>{entity.ref}</code>],
  ];
  const graphLink = `/graph?${new URLSearchParams({ ...(system ? { system } : {}), focus: entity.ref })}`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/catalog">Catalog</Link>
        <span aria-hidden="true">/</span>
        <Link to={`/catalog?kind=${entity.kind.toLowerCase()}`}>{entity.kind}</Link>
      </nav>
      <div className="page-head page-head-row">
        <div>
          <h1>{metadata.title ?? metadata.name}</h1>
          {metadata.description && <p className="lead">{metadata.description}</p>}
          {metadata.tags && metadata.tags.length > 0 && (
            <ul className="tags" aria-label="Tags">
              {metadata.tags.map((t) => <li key={t} className="chip">{t}</li>)}
            </ul>
          )}
        </div>
        <Link className="button" to={graphLink}>Show in graph</Link>
      </div>
      <div className="grid-2">
        <section className="card" aria-labelledby="about">
          <h2 id="about" className="card-title">About</h2>
          <dl className="facts">
            {facts.filter(([, v]) => v).map(([k, v]) => (
              <div key={k}><dt>{k}</dt><dd>{v}</dd></div>
            ))}
          </dl>
          {metadata.links && metadata.links.length > 0 && (
            <>
              <h3 className="card-subtitle">Links</h3>
              <ul className="link-list">
                {metadata.links.map((l) => (
                  <li key={l.url}><a href={l.url} rel="noreferrer" target="_blank">{l.title ?? l.url}</a></li>
                ))}
              </ul>
            </>
          )}
        </section>
        <Annotations annotations={metadata.annotations ?? {}} />
      </div>
      <Relations relations={entity.relations ?? []} />
    </>
  );
}
