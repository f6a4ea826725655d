// One raw event → what the store needs: its id, time, release, user, trace, title and culprit,
// its group hashes and the in-app frames (for blame and the issue page). Trimmed first, so
// grouping and storage see the same event.
import { randomUUID } from 'node:crypto';
import { readEvent, isObj, type Frame } from '../grouping/event.ts';
import { groupParsed } from '../grouping/grouping.ts';
import { trimEvent } from './trim.ts';

export interface StoredFrame {
  filename?: string;
  absPath?: string;
  module?: string;
  function?: string;
  lineno?: number;
  contextLine?: string;
  inApp: boolean;
}

export interface PreparedEvent {
  projectId: number;
  eventId: string;
  receivedAt: string;
  occurredAt: string;
  level: string;
  platform: string;
  release: string | null;
  environment: string | null;
  userKey: string | null;
  traceId: string | null;
  title: string;
  culprit: string | null;
  type: string | null;
  hashes: string[];
  frames: StoredFrame[];
  payload: string;
}

const str = (v: unknown, max = 200): string | null => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : typeof v === 'number' ? String(v) : null);

function eventTime(ts: unknown, received: Date): string {
  let d: Date | undefined;
  if (typeof ts === 'number' && Number.isFinite(ts)) d = new Date(ts * 1000);
  else if (typeof ts === 'string') d = /^\d+(\.\d+)?$/.test(ts) ? new Date(Number(ts) * 1000) : new Date(ts);
  if (!d || Number.isNaN(d.getTime())) return received.toISOString();
  // A client clock far off (over a day ahead, or before 2000) is not believed.
  if (d.getTime() > received.getTime() + 86_400_000 || d.getUTCFullYear() < 2000) return received.toISOString();
  return d.toISOString();
}

function normalizeId(v: unknown): string {
  if (typeof v === 'string') {
    const hex = v.replace(/-/g, '').toLowerCase();
    if (/^[0-9a-f]{32}$/.test(hex)) return hex;
  }
  return randomUUID().replace(/-/g, '');
}

function userKey(user: unknown): string | null {
  if (!isObj(user)) return null;
  for (const k of ['id', 'email', 'username', 'ip_address']) {
    const v = str(user[k], 200);
    if (v) return `${k}:${v}`;
  }
  return null;
}

function firstLine(s: string): string {
  const line = s.split('\n', 1)[0] ?? s;
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

function storedFrame(f: Frame): StoredFrame {
  // Plain assignments: object spreads cost more than the rest of this function (the ingest's hot path).
  const out: StoredFrame = { inApp: f.inApp === true };
  if (f.filename) out.filename = f.filename;
  if (f.absPath) out.absPath = f.absPath;
  if (f.module) out.module = f.module;
  if (f.function) out.function = f.function;
  if (f.lineno !== undefined) out.lineno = f.lineno;
  if (f.contextLine) out.contextLine = f.contextLine.slice(0, 300);
  return out;
}

/** Prepares one event for the store. `raw` must be a JSON object (checked by the caller). */
export function prepareEvent(projectId: number, raw: Record<string, unknown>, received: Date): PreparedEvent {
  const event = trimEvent(raw);
  const parsed = readEvent(event);
  const grouping = groupParsed(parsed);
  const main = parsed.exceptions[parsed.exceptions.length - 1];
  const frames = main?.frames ?? parsed.threads.find((t) => t.crashed)?.frames ?? parsed.frames ?? [];
  const inApp = frames.filter((f) => f.inApp === true);
  const top = (inApp.length ? inApp : frames)[((inApp.length ? inApp : frames).length || 1) - 1];
  const contexts = isObj(event.contexts) ? event.contexts : {};
  const trace = isObj(contexts.trace) ? contexts.trace : {};
  let title: string;
  if (main && (main.type || main.value)) title = firstLine([main.type, main.value].filter(Boolean).join(': '));
  else if (parsed.messageFormatted) title = firstLine(parsed.messageFormatted);
  else if (parsed.security) title = `${parsed.security.kind.toUpperCase()} report`;
  else title = '<unlabeled event>';
  const culprit = str(event.transaction) ?? str(event.culprit) ?? (top ? [top.module ?? top.filename, top.function].filter(Boolean).join(' in ') || null : null);
  const level = str(event.level, 20) ?? 'error';
  const tags = isObj(event.tags) ? event.tags : {};
  return {
    projectId,
    eventId: normalizeId(event.event_id),
    receivedAt: received.toISOString(),
    occurredAt: eventTime(event.timestamp, received),
    level,
    platform: parsed.platform,
    release: str(event.release),
    environment: str(event.environment, 64) ?? str(tags.environment, 64),
    userKey: userKey(event.user),
    traceId: str(trace.trace_id, 64),
    title,
    culprit,
    type: main?.type?.slice(0, 200) ?? null,
    hashes: grouping.hashes,
    frames: inApp.slice(-50).map(storedFrame),
    payload: JSON.stringify(event),
  };
}
