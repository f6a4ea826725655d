// Filters for the changes page; every one is a URL parameter, so a view can be shared.
import { CHANGE_KINDS, CHANGE_STATUSES } from '../../../common/change-kinds.ts';
import { SearchInput } from '../../components/SearchInput.tsx';
import { Select, TextFilter } from '../../components/Select.tsx';
import { DEFAULT_RANGE, RANGES } from './timeRange.ts';

export const CHANGE_FILTER_KEYS = ['q', 'entity', 'withDependencies', 'kind', 'status', 'actor', 'range', 'from', 'to'] as const;
export type ChangeFilterKey = (typeof CHANGE_FILTER_KEYS)[number];
type Params = Record<ChangeFilterKey, string>;

const KIND_OPTIONS = CHANGE_KINDS.map((k) => ({ value: k, label: k }));
const STATUS_OPTIONS = CHANGE_STATUSES.map((s) => ({ value: s, label: s }));
const RANGE_OPTIONS = RANGES.map((r) => ({ value: r.value, label: r.label }));

export function ChangeFilters({ params, setParams }: { params: Params; setParams(p: Partial<Params>): void }) {
  const custom = !!(params.from || params.to);
  const any = CHANGE_FILTER_KEYS.some((k) => params[k]);
  return (
    <form className="filters" role="search" aria-label="Filter changes" onSubmit={(e) => e.preventDefault()}>
      <SearchInput label="Search changes" value={params.q} onChange={(q) => setParams({ q })} placeholder="summary, version, description…" />
      <TextFilter label="Service" value={params.entity} onChange={(entity) => setParams({ entity })} placeholder="checkout" />
      <label className="checkbox">
        <input type="checkbox" checked={params.withDependencies === 'true'} disabled={!params.entity} onChange={(e) => setParams({ withDependencies: e.target.checked ? 'true' : '' })} />
        with dependencies
      </label>
      <Select label="Kind" value={params.kind} options={KIND_OPTIONS} onChange={(kind) => setParams({ kind })} anyLabel="All kinds" />
      <Select label="Status" value={params.status} options={STATUS_OPTIONS} onChange={(status) => setParams({ status })} anyLabel="Any status" />
      <TextFilter label="Actor" value={params.actor} onChange={(actor) => setParams({ actor })} placeholder="alice" />
      {custom ? (
        <div className="field">
          <span className="field-label">Time range</span>
          <button type="button" className="button" onClick={() => setParams({ from: '', to: '' })}>Custom range ✕</button>
        </div>
      ) : (
        <Select label="Time range" value={params.range || DEFAULT_RANGE} options={RANGE_OPTIONS} onChange={(range) => setParams({ range: range === DEFAULT_RANGE ? '' : range })} anyLabel="Last 7 days" />
      )}
      {any && (
        <button type="button" className="button button-ghost filters-clear" onClick={() => setParams(Object.fromEntries(CHANGE_FILTER_KEYS.map((k) => [k, ''])))}>
          Clear filters
        </button>
      )}
    </form>
  );
}
