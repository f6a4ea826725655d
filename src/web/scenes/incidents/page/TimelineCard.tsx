// The timeline, append-only, in the order things happened. Virtualised: a timeline of 10,000
// entries renders only the rows in view. A note may say when something happened earlier.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTimeline } from '../../../api/incidents.ts';
import { Card } from '../../../components/Section.tsx';
import { formatTime } from '../../../components/format.ts';
import { localToInstant } from '../format.ts';
import { useIncident, useWrite, WriteError } from './shared.tsx';

const ROW_PX = 52;

export function TimelineCard() {
  const { incidentKey, editable } = useIncident();
  const timeline = useTimeline(incidentKey);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = timeline;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const items = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  const total = timeline.data?.pages[0]?.total ?? 0;
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: items.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_PX, overscan: 12 });
  return (
    <Card title="Timeline" extra={<span className="count">{total}</span>}>
      <div ref={scroller} className="timeline-scroll" tabIndex={0} aria-label="Timeline entries, scrollable">
        <ol className="timeline" aria-label="Timeline" style={{ height: virtual.getTotalSize() }}>
          {virtual.getVirtualItems().map((v) => {
            const e = items[v.index];
            return (
              <li key={e.id} className={`timeline-entry tl-${e.kind}`} aria-posinset={v.index + 1} aria-setsize={items.length} style={{ transform: `translateY(${v.start}px)` }} data-index={v.index} ref={virtual.measureElement}>
                <time dateTime={e.at}>{formatTime(e.at, 'short')}</time>
                <span className="timeline-kind">{e.kind}</span>
                <span className="timeline-text">{e.text}</span>
                <span className="muted small">{e.author}{e.recordedAt.slice(0, 16) !== e.at.slice(0, 16) ? ` · added ${formatTime(e.recordedAt, 'short')}` : ''}</span>
              </li>
            );
          })}
        </ol>
      </div>
      {editable && <NoteForm />}
    </Card>
  );
}

function NoteForm() {
  const write = useWrite();
  const [text, setText] = useState('');
  const [at, setAt] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    write.mutate({ method: 'POST', path: '/notes', body: { text: text.trim(), ...(at ? { happenedAt: localToInstant(at) } : {}) } }, { onSuccess: () => { setText(''); setAt(''); } });
  };
  return (
    <form className="row note-form" onSubmit={submit} aria-label="Add a note">
      <label className="field grow"><span className="field-label">Note</span><input className="input" value={text} onChange={(e) => setText(e.target.value)} placeholder="What happened, what was tried" /></label>
      <label className="field"><span className="field-label">Happened at (if earlier)</span><input className="input" type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} /></label>
      <button type="submit" className="button" disabled={!text.trim() || write.isPending}>Add note</button>
      <WriteError error={write.error} />
    </form>
  );
}
