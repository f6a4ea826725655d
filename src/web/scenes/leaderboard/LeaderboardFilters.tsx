import { SearchInput } from '../../components/SearchInput.tsx';
import { Select, TextFilter } from '../../components/Select.tsx';
import { GRADES } from '../../components/grades.ts';
import { useTeams } from '../../api/leaderboard.ts';
import { TIERS } from '../../../common/tier.ts';

type Keys = 'q' | 'system' | 'tier' | 'team' | 'grade';
const GRADE_OPTIONS = [...GRADES.map((g) => ({ value: g, label: g })), { value: 'none', label: 'No grade' }];
const TIER_OPTIONS = TIERS.map((t) => ({ value: String(t), label: `Tier ${t}` }));

export function LeaderboardFilters({ params, setParams, boardLoaded }: { params: Record<Keys, string>; setParams(p: Partial<Record<Keys, string>>): void; boardLoaded: boolean }) {
  const any = Object.values(params).some(Boolean);
  // Teams by display name; the value is the ref, so the URL stays a permalink.
  const teams = [...(useTeams(boardLoaded).data?.teams ?? [])].sort((a, b) => (a.title || a.name).localeCompare(b.title || b.name));
  const teamOptions = teams.map((t) => ({ value: t.ref, label: t.title || t.name }));
  if (params.team && !teamOptions.some((o) => o.value === params.team)) teamOptions.push({ value: params.team, label: params.team });
  return (
    <form className="filters" role="search" aria-label="Filter the leaderboard" onSubmit={(e) => e.preventDefault()}>
      <SearchInput label="Search services" value={params.q} onChange={(q) => setParams({ q })} placeholder="checkout, payments…" />
      <TextFilter label="System" value={params.system} onChange={(system) => setParams({ system })} placeholder="payments" />
      <Select label="Team" value={params.team} options={teamOptions} onChange={(team) => setParams({ team })} anyLabel="All teams" />
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
