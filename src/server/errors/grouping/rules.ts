// Stack trace rules, in the syntax Sentry's projects already use ("enhancements"):
//   [caller matchers] | matchers | [callee matchers]   actions
// A matcher is `key:value` (`!key:value` negates; values are globs, quoted when they hold
// spaces). Keys: family, function, module, path, package, app, category, type, value, mechanism
// (the `stack.` and `error.` prefixes are accepted). Actions: `+app`/`-app`, `+group`/`-group`
// (with `^` for the frames above it, toward the crash, or `v` for those below), `category=NAME`,
// `min-frames=N`, `max-frames=N`. Later rules win. Tally's own built-in rules come first.
import type { Frame } from './event.ts';
import { familyOf, type Family } from './names.ts';

export interface FrameState {
  frame: Frame;
  family: Family;
  /** The normalised function (for matching and grouping). */
  fn?: string;
  inApp: boolean | null;
  group: boolean;
  category?: string;
}

interface Matcher {
  key: string;
  negated: boolean;
  test(s: FrameState, exc: ExceptionInfo): boolean;
}

interface Action {
  kind: 'app' | 'group' | 'category' | 'min-frames' | 'max-frames';
  range?: 'up' | 'down';
  flag?: boolean;
  value?: string | number;
}

export interface Rule {
  /** True when a matcher reads the exception (type, value, mechanism), not only the frames. */
  readsException?: boolean;
  matchers: Matcher[];
  caller?: Matcher[];
  callee?: Matcher[];
  actions: Action[];
}

export interface ExceptionInfo {
  type?: string;
  value?: string;
  mechanism?: string;
}

export interface StackSettings {
  minFrames: number;
  maxFrames: number;
}

const globCache = new Map<string, RegExp>();

/** A glob: `*` any run of characters except `/` in paths, `**` any run, `?` one character. */
export function glob(pattern: string, path = false): RegExp {
  const key = `${path ? 'p' : 'v'}${pattern}`;
  let re = globCache.get(key);
  if (re) return re;
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (path && pattern[i + 1] === '/') {
          i++;
          src += '(?:.*/)?';
        } else src += '.*';
      } else src += path ? '[^/]*' : '.*';
    } else if (c === '?') src += '.';
    else src += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  re = new RegExp(`^${src}$`, path ? 'i' : '');
  if (globCache.size > 5000) globCache.clear();
  globCache.set(key, re);
  return re;
}

function pathCandidates(f: Frame): string[] {
  const out: string[] = [];
  for (const p of [f.absPath, f.filename]) {
    if (!p) continue;
    const norm = p.replace(/\\/g, '/');
    out.push(norm);
    if (!norm.startsWith('/')) out.push(`/${norm}`);
  }
  return out;
}

function makeMatcher(rawKey: string, value: string): Matcher {
  const negated = rawKey.startsWith('!');
  const key = rawKey.replace(/^!/, '').replace(/^stack\./, '').replace(/^error\./, '');
  let test: Matcher['test'];
  switch (key) {
    case 'family': {
      const families = value.split(',');
      test = (s) => families.includes('all') || families.includes(s.family);
      break;
    }
    case 'function': {
      const re = glob(value);
      test = (s) => (s.fn !== undefined && re.test(s.fn)) || (s.frame.function !== undefined && re.test(s.frame.function));
      break;
    }
    case 'module': {
      const re = glob(value);
      test = (s) => s.frame.module !== undefined && re.test(s.frame.module);
      break;
    }
    case 'path':
    case 'abs_path': {
      const re = glob(value.replace(/\\/g, '/'), true);
      test = (s) => pathCandidates(s.frame).some((p) => re.test(p));
      break;
    }
    case 'package': {
      const re = glob(value.replace(/\\/g, '/'), true);
      test = (s) => {
        const p = s.frame.package?.replace(/\\/g, '/');
        return !!p && (re.test(p) || re.test(p.split('/').pop() ?? ''));
      };
      break;
    }
    case 'app': {
      const want = ['yes', 'true', '1'].includes(value.toLowerCase());
      test = (s) => (s.inApp === true) === want;
      break;
    }
    case 'category': {
      const re = glob(value);
      test = (s) => s.category !== undefined && re.test(s.category);
      break;
    }
    case 'type': {
      const re = glob(value);
      test = (_s, e) => e.type !== undefined && re.test(e.type);
      break;
    }
    case 'value': {
      const re = glob(value);
      test = (_s, e) => e.value !== undefined && re.test(e.value);
      break;
    }
    case 'mechanism': {
      const re = glob(value);
      test = (_s, e) => e.mechanism !== undefined && re.test(e.mechanism);
      break;
    }
    default:
      throw new Error(`unknown stack trace rule matcher "${rawKey}"`);
  }
  return { key, negated, test: negated ? (s, e) => !test(s, e) : test };
}

function parseAction(token: string): Action | undefined {
  let m = /^([\^v]?)([+-])(app|group)$/.exec(token);
  if (m) return { kind: m[3] as 'app' | 'group', flag: m[2] === '+', range: m[1] === '^' ? 'up' : m[1] === 'v' ? 'down' : undefined };
  m = /^(category|min-frames|max-frames|invert-stacktrace)=(.+)$/.exec(token);
  if (m) {
    if (m[1] === 'invert-stacktrace') return undefined;
    if (m[1] === 'category') return { kind: 'category', value: m[2] };
    const n = Number(m[2]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${m[1]} needs a whole number, got "${m[2]}"`);
    return { kind: m[1] as 'min-frames' | 'max-frames', value: n };
  }
  return undefined;
}

/** Splits a line into tokens: quoted values stay whole, `[`, `]` and `|` stand alone. */
function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let cur = '';
  let quoted = false;
  const flush = () => {
    if (cur) tokens.push(cur);
    cur = '';
  };
  for (const c of line) {
    if (quoted) {
      cur += c;
      if (c === '"') quoted = false;
    } else if (c === '"') {
      quoted = true;
      cur += c;
    } else if (/\s/.test(c)) flush();
    else if (c === '[' || c === ']' || c === '|') {
      flush();
      tokens.push(c);
    } else cur += c;
  }
  if (quoted) throw new Error('a quote is not closed');
  flush();
  return tokens;
}

function matcherOf(token: string): Matcher {
  const i = token.indexOf(':');
  if (i <= 0) throw new Error(`"${token}" is neither a matcher (key:value) nor an action`);
  let value = token.slice(i + 1);
  if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
  return makeMatcher(token.slice(0, i), value);
}

/** Parses rules, one per line (`#` starts a comment). Throws naming the line on a bad rule. */
export function parseRules(text: string, source = 'rules'): Rule[] {
  const rules: Rule[] = [];
  text.split(/\r?\n/).forEach((raw, n) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    try {
      const tokens = tokenize(line);
      const rule: Rule = { matchers: [], actions: [] };
      let i = 0;
      if (tokens[0] === '[') {
        const end = tokens.indexOf(']');
        rule.caller = tokens.slice(1, end).map(matcherOf);
        i = end + 1;
        if (tokens[i] === '|') i++;
      }
      for (; i < tokens.length; i++) {
        const t = tokens[i]!;
        if (t === '|' && tokens[i + 1] === '[') {
          const end = tokens.indexOf(']', i);
          rule.callee = tokens.slice(i + 2, end).map(matcherOf);
          i = end;
          continue;
        }
        const action = parseAction(t);
        if (action) rule.actions.push(action);
        else if (rule.actions.length === 0) rule.matchers.push(matcherOf(t));
        else throw new Error(`matcher "${t}" after the actions`);
      }
      const keys = [...rule.matchers, ...(rule.caller ?? []), ...(rule.callee ?? [])].map((m) => m.key);
      rule.readsException = keys.some((k) => k === 'type' || k === 'value' || k === 'mechanism');
      if (rule.actions.length > 0) rules.push(rule);
    } catch (e) {
      throw new Error(`${source} line ${n + 1}: ${(e as Error).message}`);
    }
  });
  return rules;
}

const matchesAll = (ms: Matcher[], s: FrameState, e: ExceptionInfo) => ms.every((m) => m.test(s, e));

/** Applies the rules to one stack trace's frames (oldest first), in place; returns its limits. */
export function applyRules(rules: readonly Rule[], states: FrameState[], exc: ExceptionInfo): StackSettings {
  const settings: StackSettings = { minFrames: 0, maxFrames: 0 };
  for (const rule of rules) {
    let anyMatched = false;
    for (let i = 0; i < states.length; i++) {
      const s = states[i]!;
      if (!matchesAll(rule.matchers, s, exc)) continue;
      if (rule.caller && !(i > 0 && matchesAll(rule.caller, states[i - 1]!, exc))) continue;
      if (rule.callee && !(i + 1 < states.length && matchesAll(rule.callee, states[i + 1]!, exc))) continue;
      anyMatched = true;
      for (const a of rule.actions) {
        if (a.kind === 'app' || a.kind === 'group') {
          const targets = a.range === 'up' ? states.slice(i + 1) : a.range === 'down' ? states.slice(0, i) : [s];
          for (const t of targets) {
            if (a.kind === 'app') t.inApp = a.flag!;
            else t.group = a.flag!;
          }
        } else if (a.kind === 'category') s.category = String(a.value);
      }
    }
    if (anyMatched) {
      for (const a of rule.actions) {
        if (a.kind === 'min-frames') settings.minFrames = Number(a.value);
        if (a.kind === 'max-frames') settings.maxFrames = Number(a.value);
      }
    }
  }
  return settings;
}

export function frameState(frame: Frame, eventPlatform: string, fn: string | undefined): FrameState {
  return { frame, family: familyOf(frame.platform ?? eventPlatform), fn, inApp: frame.inApp, group: true };
}
