import { SearchInput } from '../../components/SearchInput.tsx';
import { Select, TextFilter } from '../../components/Select.tsx';
import { GRADES } from '../../components/grades.ts';

type Keys = 'q' | 'system' | 'tier' | 'team' | 'grade';
const GRADE_OPTIONS = [...GRADES.map((g) => ({ value: g, label: g })), { value: 'none', label: 'No grade' }];
const TIER_OPTIONS = ['1', '2', '3', '4'].map((t) => ({ value: t, label: `Tier ${t}` }));

export function LeaderboardFilters({ params, setParams }: { params: Record<Keys, string>; setParams(p: Partial<Record<Keys, string>>): void }) {
  const any = Object.values(params).some(Boolean);
  return (
    <form className="filters" role="search" aria-label="Filter the leaderboard" onSubmit={(e) => e.preventDefault()}>
      <SearchInput label="Search services" value={params.q} onChange={(q) => setParams({ q })} placeholder="checkout, payments…" />
      <TextFilter label="System" value={params.system} onChange={(system) => setParams({ system })} placeholder="payments" />
      <TextFilter label="Team" value={params.team} onChange={(team) => setParams({ team })} placeholder="team-checkout" />
      <Select label="Tier" value={params.tier} options={TIER_OPTIONS} onChange={(tier) => setParams({ tier })} anyLabel="All tiers" />
      <Select label="Grade" value={params.grade} options={GRADE_OPTIONS} onChange={(grade) => setParams({ grade })} anyLabel="All grades" />
      {any && (
        <button type="button" className="button button-ghost filters-clear" onClick={() => setParams({ q: '', system: '', tier: '', team: '', grade: '' })}>
          Clear filters
        </button>
      )}
    </form>
  );
}
