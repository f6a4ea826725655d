// The score over time as a stepped line, on coloured grade bands. uPlot is ~50 KB, so this file
// is loaded lazily (React.lazy) only when a report card shows a history.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { GradeInterval } from '../../api/scores.ts';
import { DEFAULT_GRADE_BANDS } from '../../../common/grades.ts';

const BAND_ORDER = ['A+', 'A', 'B', 'C', 'D'] as const;

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}
const slug = (g: string) => (g === 'A+' ? 'aplus' : g.toLowerCase());

/** Draws translucent horizontal bands for each grade behind the series. */
function bandsPlugin(bands: Record<string, number>): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u) => {
        const { ctx } = u;
        const { left, width } = u.bbox;
        let upper = 100;
        ctx.save();
        ctx.globalAlpha = 0.12;
        for (const g of [...BAND_ORDER, 'F']) {
          const lower = g === 'F' ? 0 : bands[g] ?? 0;
          const y0 = u.valToPos(upper, 'y', true);
          const y1 = u.valToPos(lower, 'y', true);
          ctx.fillStyle = cssVar(`--grade-${slug(g)}`);
          ctx.fillRect(left, y0, width, y1 - y0);
          upper = lower;
        }
        ctx.restore();
      },
    },
  };
}

export default function ScoreChart({ grades, bands = DEFAULT_GRADE_BANDS, theme }: { grades: GradeInterval[]; bands?: Record<string, number>; theme: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const points = [...grades].sort((a, b) => a.from.localeCompare(b.from));
    const xs: number[] = [];
    const ys: (number | null)[] = [];
    for (const p of points) {
      xs.push(Date.parse(p.from) / 1000);
      ys.push(p.score);
    }
    const last = points[points.length - 1];
    xs.push((last?.to ? Date.parse(last.to) : Date.now()) / 1000);
    ys.push(last?.score ?? null);
    const text = cssVar('--muted');
    const grid = cssVar('--border');
    const opts: uPlot.Options = {
      width: el.current.clientWidth || 600,
      height: 220,
      plugins: [bandsPlugin(bands)],
      scales: { y: { range: [0, 100] } },
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      axes: [
        { stroke: text, grid: { stroke: grid }, ticks: { stroke: grid } },
        { stroke: text, grid: { stroke: grid }, ticks: { stroke: grid }, size: 40 },
      ],
      series: [{}, { label: 'Score', stroke: cssVar('--accent'), width: 2, paths: uPlot.paths.stepped!({ align: 1 }), points: { show: xs.length < 40 } }],
    };
    const plot = new uPlot(opts, [xs, ys], el.current);
    const resize = new ResizeObserver(() => plot.setSize({ width: el.current?.clientWidth || 600, height: 220 }));
    resize.observe(el.current);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [grades, bands, theme]);
  return <div ref={el} className="score-chart" aria-hidden="true" />;
}
