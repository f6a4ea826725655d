// Trimming, as Sentry trims: an event keeps its shape but not its excess. Messages and exception
// values are cut to 8,192 characters, other strings to 16 KiB; a stack trace keeps its first
// and last 125 frames (the middle is dropped and `frames_omitted` says which); frame context
// keeps 5 lines either side; breadcrumbs keep the last 100; nesting stops at depth 10. Nothing
// here throws, whatever came in.

const MESSAGE_CHARS = 8192;
const STRING_CHARS = 16 * 1024;
const MAX_FRAMES = 250;
const CONTEXT_LINES = 5;
const MAX_BREADCRUMBS = 100;
const MAX_DEPTH = 10;
const MAX_KEYS = 200;

type J = unknown;
const isObj = (v: J): v is Record<string, J> => typeof v === 'object' && v !== null && !Array.isArray(v);

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

/** Any value: strings cut, nesting and breadth bounded. */
function trimValue(v: J, depth: number, max = STRING_CHARS): J {
  if (typeof v === 'string') return cut(v, max);
  if (depth >= MAX_DEPTH) return Array.isArray(v) || isObj(v) ? '[trimmed: too deep]' : v;
  if (Array.isArray(v)) return v.slice(0, MAX_KEYS).map((x) => trimValue(x, depth + 1, max));
  if (isObj(v)) {
    const out: Record<string, J> = {};
    let n = 0;
    for (const [k, x] of Object.entries(v)) {
      if (n++ >= MAX_KEYS) break;
      out[k] = trimValue(x, depth + 1, max);
    }
    return out;
  }
  return v;
}

function trimFrame(f: J): J {
  if (!isObj(f)) return f;
  const out = trimValue(f, 2) as Record<string, J>;
  for (const k of ['pre_context', 'post_context'] as const) {
    const lines = out[k];
    if (Array.isArray(lines)) out[k] = k === 'pre_context' ? lines.slice(-CONTEXT_LINES) : lines.slice(0, CONTEXT_LINES);
  }
  return out;
}

function trimStacktrace(st: J): J {
  if (!isObj(st) || !Array.isArray(st.frames)) return st;
  const frames = st.frames;
  const out: Record<string, J> = { ...st };
  if (frames.length > MAX_FRAMES) {
    const half = MAX_FRAMES / 2;
    out.frames = [...frames.slice(0, half), ...frames.slice(frames.length - half)].map(trimFrame);
    out.frames_omitted = [half, frames.length - half];
  } else out.frames = frames.map(trimFrame);
  return out;
}

function trimException(e: J): J {
  if (!isObj(e)) return e;
  const out: Record<string, J> = { ...e };
  if (typeof out.value === 'string') out.value = cut(out.value, MESSAGE_CHARS);
  if (typeof out.type === 'string') out.type = cut(out.type, 256);
  if (out.stacktrace !== undefined) out.stacktrace = trimStacktrace(out.stacktrace);
  if (out.raw_stacktrace !== undefined) out.raw_stacktrace = trimStacktrace(out.raw_stacktrace);
  if (out.mechanism !== undefined) out.mechanism = trimValue(out.mechanism, 2);
  return out;
}

function values(v: J): J[] | undefined {
  if (Array.isArray(v)) return v;
  if (isObj(v) && Array.isArray(v.values)) return v.values;
  return undefined;
}

/** A copy of the event within Sentry's limits. */
export function trimEvent(event: Record<string, J>): Record<string, J> {
  const out: Record<string, J> = {};
  for (const [k, v] of Object.entries(event)) {
    switch (k) {
      case 'message':
        out[k] = typeof v === 'string' ? cut(v, MESSAGE_CHARS) : trimValue(v, 1, MESSAGE_CHARS);
        break;
      case 'logentry':
        out[k] = trimValue(v, 1, MESSAGE_CHARS);
        break;
      case 'exception': {
        const list = values(v);
        out[k] = list ? { values: list.slice(0, 50).map(trimException) } : trimValue(v, 1);
        break;
      }
      case 'threads': {
        const list = values(v);
        out[k] = list ? { values: list.slice(0, 100).map((t) => (isObj(t) ? { ...(trimValue(t, 2) as Record<string, J>), ...(t.stacktrace !== undefined ? { stacktrace: trimStacktrace(t.stacktrace) } : {}) } : t)) } : trimValue(v, 1);
        break;
      }
      case 'stacktrace':
        out[k] = trimStacktrace(v);
        break;
      case 'breadcrumbs': {
        const list = values(v);
        out[k] = list ? { values: list.slice(-MAX_BREADCRUMBS).map((b) => trimValue(b, 2, 8192)) } : trimValue(v, 1);
        break;
      }
      default:
        out[k] = trimValue(v, 1);
    }
  }
  return out;
}
