// The catalog: every entity, filtered by URL query params (permalinks), loaded a page at a time.
import { ENTITY_KINDS } from '../../../common/catalog.ts';
import { useEntities } from '../../api/entities.ts';
import { SearchInput } from '../../components/SearchInput.tsx';
import { Select, TextFilter } from '../../components/Select.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { useQueryParams } from '../../components/useQueryParams.ts';
import { useTitle } from '../../components/useTitle.ts';
import { CatalogTable } from './CatalogTable.tsx';

const KEYS = ['kind', 'q', 'owner', 'system', 'tier'] as const;
const KIND_OPTIONS = ENTITY_KINDS.map((k) => ({ value: k.toLowerCase(), label: k }));
const TIER_OPTIONS = ['1', '2', '3', '4'].map((t) => ({ value: t, label: `Tier ${t}` }));

export default function CatalogPage() {
  useTitle('Catalog');
  const [params, setParams] = useQueryParams(KEYS);
  const query = useEntities({
    kind: params.kind,
    owner: params.owner,
    system: params.system,
    tier: params.tier,
    text: params.q,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = KEYS.some((k) => params[k]);

  return (
    <>
      <div className="page-head">
        <h1>Catalog</h1>
        <p className="muted">Every component, API, resource, system and team Tally knows, in Backstage's format.</p>
      </div>
      <form className="filters" role="search" aria-label="Filter the catalog" onSubmit={(e) => e.preventDefault()}>
        <SearchInput label="Search" value={params.q} onChange={(q) => setParams({ q })} placeholder="Name, title, description, tag…" />
        <Select label="Kind" value={params.kind} options={KIND_OPTIONS} onChange={(kind) => setParams({ kind })} anyLabel="All kinds" />
        <TextFilter label="Owner" value={params.owner} onChange={(owner) => setParams({ owner })} placeholder="group:team-checkout" />
        <TextFilter label="System" value={params.system} onChange={(system) => setParams({ system })} placeholder="payments" />
        <Select label="Tier" value={params.tier} options={TIER_OPTIONS} onChange={(tier) => setParams({ tier })} anyLabel="All tiers" />
        {filtered && (
          <button type="button" className="button button-ghost filters-clear" onClick={() => setParams({ kind: '', q: '', owner: '', system: '', tier: '' })}>
            Clear filters
          </button>
        )}
      </form>
      {query.isPending ? (
        <Loading rows={10} label="Loading the catalog…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => query.refetch()} />
      ) : items.length === 0 ? (
        filtered ? (
          <Empty title="No entity matches these filters">
            <p>Try fewer filters, or a shorter search.</p>
          </Empty>
        ) : (
          <Empty title="The catalog is empty">
            <p>
              List your <code>catalog-info.yaml</code> files under <code>catalog:</code> in <code>tally.yaml</code>, then run{' '}
              <code>tally catalog refresh</code>.
            </p>
          </Empty>
        )
      ) : (
        <>
          <CatalogTable items={items} />
          <div className="table-foot">
            <span className="muted" aria-live="polite">
              {items.length} {items.length === 1 ? 'entity' : 'entities'}
              {query.hasNextPage ? ' shown' : ''}
            </span>
            {query.hasNextPage && (
              <button type="button" className="button" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            )}
          </div>
        </>
      )}
    </>
  );
}
