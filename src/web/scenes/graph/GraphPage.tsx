// The dependency graph: interactive view, boot waves, and cycles/violations as text.
import { useMemo, useState } from 'react';
import { shortRef } from '../../../common/refs.ts';
import { useBootOrder, useCycles, useGraph, useViolations } from '../../api/graph.ts';
import { Select } from '../../components/Select.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { useQueryParams } from '../../components/useQueryParams.ts';
import { useTitle } from '../../components/useTitle.ts';
import { BootWaves } from './BootWaves.tsx';
import { CycleList, ViolationList } from './Findings.tsx';
import { GraphCanvas } from './GraphCanvas.tsx';
import { Legend } from './Legend.tsx';
import { cycleSets, systemsOf, viewGraph, violationEdges } from './model.ts';
import { NodePanel } from './NodePanel.tsx';

const KEYS = ['system', 'view', 'focus'] as const;

export default function GraphPage() {
  useTitle('Graph');
  const [params, setParams] = useQueryParams(KEYS);
  const [showGroups, setShowGroups] = useState(false);
  const graph = useGraph();
  const cycles = useCycles();
  const boot = useBootOrder();
  const violations = useViolations();

  const cycleList = cycles.data?.cycles ?? [];
  const violationList = violations.data?.violations ?? [];
  const view = useMemo(() => (graph.data ? viewGraph(graph.data, params.system, showGroups) : null), [graph.data, params.system, showGroups]);
  const cyc = useMemo(() => cycleSets(cycleList), [cycles.data]);
  const viol = useMemo(() => violationEdges(violationList), [violations.data]);
  const systems = useMemo(() => (graph.data ? systemsOf(graph.data).map((s) => ({ value: shortRef(s), label: shortRef(s) })) : []), [graph.data]);
  const select = (focus: string | null) => setParams({ focus: focus ?? '' });
  const isBoot = params.view === 'boot';

  const failed = [graph, cycles, boot, violations].find((q) => q.isError);
  return (
    <>
      <div className="page-head page-head-row">
        <div>
          <h1>Dependency graph</h1>
          <p className="muted">What needs what to run. Cycles cannot boot after a full restart; rules keep tiers honest.</p>
        </div>
        <div className="segmented" role="group" aria-label="View">
          <button type="button" aria-pressed={!isBoot} onClick={() => setParams({ view: '' })}>Graph</button>
          <button type="button" aria-pressed={isBoot} onClick={() => setParams({ view: 'boot' })}>Boot waves</button>
        </div>
      </div>
      <div className="filters">
        <Select label="System" value={params.system} options={systems} onChange={(system) => setParams({ system })} anyLabel="All systems" />
        {!isBoot && (
          <label className="checkbox">
            <input type="checkbox" checked={showGroups} onChange={(e) => setShowGroups(e.target.checked)} /> Show APIs, systems and domains
          </label>
        )}
      </div>
      {failed ? (
        <ErrorState error={failed.error} onRetry={() => [graph, cycles, boot, violations].forEach((q) => q.refetch())} />
      ) : !graph.data || !view ? (
        <Loading rows={10} label="Loading the graph…" />
      ) : graph.data.nodes.length === 0 ? (
        <Empty title="The graph is empty">
          <p>Declare <code>spec.dependsOn</code> and <code>spec.consumesApis</code> in your catalog; the graph follows them.</p>
        </Empty>
      ) : isBoot ? (
        boot.data ? (
          <BootWaves order={boot.data} cycles={cycleList} edges={graph.data.edges} only={params.system ? new Set(view.nodes.filter((n) => !n.external).map((n) => n.ref)) : undefined} />
        ) : (
          <Loading rows={6} />
        )
      ) : (
        <div className="graph-layout">
          <div className="graph-main card">
            <GraphCanvas graph={view} cycleNodes={cyc.nodes} cycleEdges={cyc.edges} violationEdges={viol} selected={params.focus || null} onSelect={select} />
            <Legend />
          </div>
          <aside className="graph-side" aria-label="Graph details">
            {params.focus && <NodePanel graph={graph.data} nodeRef={params.focus} onCycle={cyc.nodes.has(params.focus)} onSelect={select} />}
            <CycleList cycles={cycleList} onSelect={select} />
            <ViolationList violations={violationList} onSelect={select} />
          </aside>
        </div>
      )}
    </>
  );
}
