// Grouping: which issue an event belongs to. Each *variant* (app: only in-app frames count;
// system: every frame; default: message, template or security report) builds a tree of
// components; a leaf is a string; a node either contributes or not. A variant's hash is the MD5 of
// its contributing leaves, in order, without separators. The event's hashes are the non-null
// variant hashes in name order without duplicates; the first names the issue. docs/errors.md
// describes every step.
import { createHash } from 'node:crypto';
import type { ExceptionValue, Frame, GroupingEvent, SecurityReport } from './event.ts';
import { readEvent } from './event.ts';
import { chooseFingerprint, isDefaultEntry } from './fingerprint.ts';
import { basename, collapseSpace, CONTEXT_PLATFORMS, familyOf, isJs, isUrl, normalizeFunction, normalizeJavaModule } from './names.ts';
import { parameterize } from './parameterize.ts';
import { BUILTIN_RULES } from './builtin-rules.ts';
import { applyRules, frameState, parseRules, type FrameState, type Rule } from './rules.ts';

export interface Component {
  id: string;
  contributes: boolean;
  hint?: string;
  values: Array<Component | string>;
}

export interface Variant {
  name: string;
  hash: string | null;
  /** The strings hashed (for `--format json` and the issue page's "why grouped"). */
  values: string[];
  component?: Component;
}

export interface GroupingResult {
  config: string;
  hashes: string[];
  variants: Variant[];
}

export const GROUPING_CONFIG = 'newstyle:2023-01-11';
const MAX_CONTEXT_LINE = 120;

const builtinRules = parseRules(BUILTIN_RULES, 'built-in rules');
const projectRuleCache = new Map<string, Rule[]>();

function rulesFor(text: string | undefined): readonly Rule[] {
  if (!text) return builtinRules;
  let rules = projectRuleCache.get(text);
  if (!rules) {
    rules = [...builtinRules, ...parseRules(text, 'stack trace rules')];
    if (projectRuleCache.size > 200) projectRuleCache.clear();
    projectRuleCache.set(text, rules);
  }
  return rules;
}

const node = (id: string, values: Array<Component | string>, contributes = true, hint?: string): Component => ({ id, values, contributes, ...(hint ? { hint } : {}) });
const leaf = (id: string, value: string | undefined, contributes = true): Component | undefined => (value === undefined || value === '' ? undefined : node(id, [value], contributes));

export function contributingValues(c: Component | undefined, out: string[] = []): string[] {
  if (!c || !c.contributes) return out;
  for (const v of c.values) {
    if (typeof v === 'string') out.push(v);
    else contributingValues(v, out);
  }
  return out;
}

const md5 = (values: readonly string[]): string => createHash('md5').update(values.join(''), 'utf8').digest('hex');

// ---- frames and stack traces -------------------------------------------------------------

const JS_DROPPED_PATHS = new Set(['<anonymous>', '[native code]', 'native code', 'eval code']);
const JS_DROPPED_FUNCTIONS = new Set(['eval', '[native code]', 'native code', 'eval code']);

function sameFrame(a: Frame, b: Frame | undefined): boolean {
  return !!b && a.absPath === b.absPath && a.package === b.package && a.module === b.module && a.filename === b.filename && a.function === b.function && a.lineno === b.lineno && a.colno === b.colno;
}

/** The frame's component; in the app variant only an in-app frame may contribute. */
function frameComponent(s: FrameState, platform: string, app: boolean, recursion: boolean): Component {
  const f = s.frame;
  const plat = f.platform ?? platform;
  const js = isJs(plat);
  const path = f.absPath ?? f.filename;
  const urlFrame = isUrl(f.absPath) || (!f.absPath && isUrl(f.filename));

  let module = f.module || undefined;
  if (module && js && urlFrame && f.absPath) {
    const noQuery = f.absPath.replace(/[?#].*$/, '');
    if (module.includes('/') && noQuery.endsWith(module)) module = undefined;
  }
  if (module && plat === 'java') module = normalizeJavaModule(module);

  const rawFile = f.filename ?? f.absPath;
  let filename = rawFile ? basename(rawFile) : undefined;
  if (urlFrame || (rawFile && JS_DROPPED_PATHS.has(rawFile)) || (f.absPath && JS_DROPPED_PATHS.has(f.absPath))) filename = undefined;
  if (module) filename = undefined;

  let fn = s.fn;
  let context = CONTEXT_PLATFORMS.has(plat) ? collapseSpace(f.contextLine) : undefined;
  if (context && context.length > MAX_CONTEXT_LINE) context = undefined;
  if (js) {
    if (context && !fn && urlFrame) context = undefined;
    if (fn && f.sourceMapped && context) fn = undefined;
  }

  const children = [leaf('module', module), leaf('filename', filename), leaf('function', fn), leaf('context-line', context)].filter((c): c is Component => !!c);
  let contributes = children.length > 0;
  let hint: string | undefined;
  if (js && ((f.function && JS_DROPPED_FUNCTIONS.has(f.function)) || (path && JS_DROPPED_PATHS.has(path)) || (f.absPath && JS_DROPPED_PATHS.has(f.absPath)))) {
    contributes = false;
    hint = 'ignored: not a frame of the program';
  } else if (recursion) {
    contributes = false;
    hint = 'ignored due to recursion';
  } else if (!s.group) {
    contributes = false;
    hint = 'ignored by a stack trace rule';
  } else if (app && s.inApp !== true) {
    contributes = false;
    hint = 'non app frame';
  }
  return node('frame', children, contributes, hint);
}

interface PreparedStack {
  states: FrameState[];
  minFrames: number;
  maxFrames: number;
}

interface RuleOutcome {
  frames: Array<{ inApp: boolean | null; group: boolean; category?: string }>;
  minFrames: number;
  maxFrames: number;
}

/** Rule outcomes by stack trace: the same stack (and rules) gives the same outcome, as errors repeat. */
const ruleOutcomes = new Map<string, RuleOutcome>();
const readsException = new WeakMap<readonly Rule[], boolean>();

function outcomeKey(frames: Frame[], e: GroupingEvent, exc: ExceptionValue | undefined, rules: readonly Rule[]): string {
  let reads = readsException.get(rules);
  if (reads === undefined) readsException.set(rules, (reads = rules.some((r) => r.readsException)));
  let key = `${e.platform}\u0002${e.enhancements ?? ''}\u0002${reads ? `${exc?.type}\u0001${exc?.value}\u0001${exc?.mechanism.type}` : ''}`;
  for (const f of frames) key += `\u0002${f.function}\u0001${f.rawFunction}\u0001${f.module}\u0001${f.filename}\u0001${f.absPath}\u0001${f.package}\u0001${f.platform}\u0001${f.inApp}`;
  return key;
}

/** Runs the stack trace rules and settles in-app for one stack trace. */
function prepareStack(frames: Frame[], e: GroupingEvent, exc: ExceptionValue | undefined, rules: readonly Rule[]): PreparedStack {
  const states = frames.map((f) => frameState(f, e.platform, normalizeFunction(f.function, f.rawFunction, f.platform ?? e.platform)));
  const key = outcomeKey(frames, e, exc, rules);
  const cached = ruleOutcomes.get(key);
  if (cached) {
    cached.frames.forEach((o, i) => Object.assign(states[i]!, o));
    return { states, minFrames: cached.minFrames, maxFrames: cached.maxFrames };
  }
  const settings = applyRules(rules, states, { type: exc?.type, value: exc?.value, mechanism: exc?.mechanism.type });
  // Frames whose in-app is still unknown: native ones are the system's; others count as the
  // program's unless the stack trace says elsewhere which frames are not.
  const anyExplicitSystem = states.some((s) => s.inApp === false);
  for (const s of states) {
    if (s.inApp !== null) continue;
    s.inApp = s.family === 'native' ? false : !anyExplicitSystem;
  }
  if (ruleOutcomes.size >= 10_000) ruleOutcomes.clear();
  ruleOutcomes.set(key, { frames: states.map((s) => ({ inApp: s.inApp, group: s.group, ...(s.category !== undefined ? { category: s.category } : {}) })), ...settings });
  return { states, ...settings };
}

function stackComponent(p: PreparedStack, e: GroupingEvent, app: boolean): Component {
  const frames: Component[] = [];
  let prev: Frame | undefined;
  for (const s of p.states) {
    frames.push(frameComponent(s, e.platform, app, sameFrame(s.frame, prev)));
    prev = s.frame;
  }
  const contributing = frames.filter((c) => c.contributes);
  if (p.maxFrames > 0 && contributing.length > p.maxFrames) {
    for (const c of contributing.slice(0, contributing.length - p.maxFrames)) {
      c.contributes = false;
      c.hint = 'ignored by max-frames';
    }
  }
  let contributes = contributing.length > 0;
  let hint: string | undefined;
  if (contributes && p.minFrames > 0 && contributing.length < p.minFrames) {
    contributes = false;
    hint = `fewer than ${p.minFrames} frames`;
  }
  // One JavaScript frame on a URL without a function says nothing about the code.
  if (contributes && p.states.length === 1 && isJs(p.states[0]!.frame.platform ?? e.platform)) {
    const only = p.states[0]!;
    if (!only.fn && isUrl(only.frame.absPath ?? only.frame.filename)) {
      contributes = false;
      hint = 'a single frame without a function';
    }
  }
  if (app && contributes && !contributing.some((c) => c.contributes)) contributes = false;
  return node('stacktrace', frames, contributes, hint);
}

// ---- exceptions ---------------------------------------------------------------------------

/** Exception groups reduced to what identifies them; the list unchanged when its tree is broken. */
export function reduceExceptionGroups(list: ExceptionValue[]): ExceptionValue[] {
  if (!list.some((x) => x.mechanism.isExceptionGroup)) return list;
  const ids = new Set<number>();
  for (const x of list) {
    const id = x.mechanism.exceptionId;
    if (id === undefined || ids.has(id) || x.mechanism.parentId === id) return list;
    ids.add(id);
  }
  const byId = new Map(list.map((x) => [x.mechanism.exceptionId!, x]));
  const root = byId.get(0);
  if (!root) return list;
  const children = (id: number) => list.filter((x) => x.mechanism.parentId === id && x.mechanism.exceptionId !== id);
  // The first non-group exceptions reached from the root, each with its chain of first children.
  const leaves: ExceptionValue[][] = [];
  const walk = (x: ExceptionValue, seen: Set<number>) => {
    const id = x.mechanism.exceptionId!;
    if (seen.has(id)) return;
    seen.add(id);
    if (!x.mechanism.isExceptionGroup) {
      const chain: ExceptionValue[] = [x];
      let cur = x;
      for (;;) {
        const next = children(cur.mechanism.exceptionId!)[0];
        if (!next || chain.includes(next)) break;
        chain.push(next);
        cur = next;
      }
      leaves.push(chain);
      return;
    }
    for (const c of children(id)) walk(c, seen);
  };
  walk(root, new Set());
  if (leaves.length === 0) return list;
  const key = (chain: ExceptionValue[]) => JSON.stringify(chain.map((x) => [x.type, x.value, x.frames?.map((f) => [f.function, f.module, f.filename, f.lineno])]));
  const distinct = new Map<string, ExceptionValue[]>();
  for (const chain of leaves) if (!distinct.has(key(chain))) distinct.set(key(chain), chain);
  if (distinct.size === 1) return [...distinct.values()][0]!.slice().sort((a, b) => list.indexOf(a) - list.indexOf(b));
  const heads = [...distinct.values()].map((c) => c[0]!).sort((a, b) => ((b.type ?? '') > (a.type ?? '') ? 1 : (b.type ?? '') < (a.type ?? '') ? -1 : 0));
  return [root, ...heads];
}

function exceptionComponent(x: ExceptionValue, stack: Component | undefined): Component {
  const stackContributes = !!stack?.contributes;
  const type = leaf('type', x.type, !x.mechanism.synthetic);
  const nsError = x.nsErrorDomain !== undefined || x.nsErrorCode !== undefined ? node('ns-error', [x.nsErrorDomain ?? '', ...(x.nsErrorCode !== undefined ? [String(x.nsErrorCode)] : [])], !stackContributes) : undefined;
  const value = x.value ? leaf('value', parameterize(x.value), !stackContributes) : undefined;
  const children = [stack, type, nsError, value].filter((c): c is Component => !!c);
  return node('exception', children, children.some((c) => c.contributes));
}

// ---- the variants -------------------------------------------------------------------------

interface TreeVariants {
  app?: Component;
  system?: Component;
}

function exceptionVariants(e: GroupingEvent, rules: readonly Rule[]): TreeVariants {
  const list = reduceExceptionGroups(e.exceptions);
  if (list.length === 0) return {};
  const prepared = list.map((x) => (x.frames && x.frames.length > 0 ? prepareStack(x.frames, e, x, rules) : undefined));
  const build = (app: boolean) => node('chained-exception', list.map((x, i) => exceptionComponent(x, prepared[i] ? stackComponent(prepared[i]!, e, app) : undefined)));
  const app = build(true);
  const system = build(false);
  const anyStack = (c: Component) => c.values.some((x) => typeof x !== 'string' && x.values.some((y) => typeof y !== 'string' && y.id === 'stacktrace' && y.contributes));
  for (const c of [app, system]) c.contributes = c.values.some((x) => typeof x !== 'string' && x.contributes);
  // No in-app frame anywhere while the system frames say something: the system variant decides.
  if (!anyStack(app) && anyStack(system)) {
    app.contributes = false;
    app.hint = 'exception of system frames only';
  }
  return { app, system };
}

function pickThread(e: GroupingEvent): Frame[] | undefined {
  const crashed = e.threads.filter((t) => t.crashed);
  const current = e.threads.filter((t) => t.current);
  const t = crashed.length === 1 ? crashed[0] : crashed.length === 0 && current.length === 1 ? current[0] : e.threads.length === 1 ? e.threads[0] : undefined;
  return t?.frames && t.frames.length > 0 ? t.frames : undefined;
}

function stackVariants(id: string, frames: Frame[] | undefined, e: GroupingEvent, rules: readonly Rule[]): TreeVariants {
  if (!frames || frames.length === 0) return {};
  const p = prepareStack(frames, e, undefined, rules);
  const app = stackComponent(p, e, true);
  const system = stackComponent(p, e, false);
  return { app: node(id, [app], app.contributes), system: node(id, [system], system.contributes) };
}

const CSP_LOCAL: Record<string, string> = {
  '': "'unsafe-inline'",
  inline: "'unsafe-inline'",
  "'unsafe-inline'": "'unsafe-inline'",
  eval: "'unsafe-eval'",
  "'unsafe-eval'": "'unsafe-eval'",
  self: "'self'",
  "'self'": "'self'",
  data: 'data:',
  'data:': 'data:',
  blob: 'blob:',
  'blob:': 'blob:',
};

function hostOf(uri: string): string {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#:]+)/.exec(uri);
  if (m) return m[1]!;
  return uri.replace(/^\/\//, '').split(/[/?#:]/)[0] ?? uri;
}

function securityComponent(s: SecurityReport): Component {
  const r = s.report;
  const text = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : undefined);
  if (s.kind === 'csp') {
    const directive = text('effective_directive') ?? text('violated_directive')?.split(/\s+/)[0] ?? '';
    const blocked = (text('blocked_uri') ?? '').trim();
    const local = CSP_LOCAL[blocked.toLowerCase()];
    const uri = local === undefined ? hostOf(blocked) : undefined;
    return node('csp', [node('salt', [directive]), ...(local !== undefined ? [node('violation', [local])] : [node('uri', [uri ?? ''])])]);
  }
  const salt = s.kind === 'hpkp' ? 'hpkp' : s.kind === 'expectct' ? 'expect-ct' : 'expect-staple';
  return node(s.kind, [node('salt', [salt]), node('hostname', [text('hostname') ?? ''])]);
}

function defaultVariant(e: GroupingEvent): Component | undefined {
  if (e.template && (e.template.filename || e.template.contextLine)) {
    const c = node('template', [leaf('filename', e.template.filename ? basename(e.template.filename) : undefined), leaf('context-line', collapseSpace(e.template.contextLine))].filter((x): x is Component => !!x));
    c.contributes = c.values.length > 0;
    if (c.contributes) return c;
  }
  if (e.security) return securityComponent(e.security);
  const message = e.messageTemplate ?? e.messageFormatted;
  if (message) return node('message', [parameterize(message)]);
  return undefined;
}

/** The grouping of a parsed event. */
export function groupParsed(e: GroupingEvent): GroupingResult {
  const variants: Variant[] = [];
  const out = (): GroupingResult => {
    variants.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const hashes: string[] = [];
    for (const v of variants) if (v.hash && !hashes.includes(v.hash)) hashes.push(v.hash);
    return { config: GROUPING_CONFIG, hashes, variants };
  };

  if (e.checksum) {
    const hex = /^[0-9a-fA-F]{32}$/.test(e.checksum);
    variants.push({ name: hex ? 'checksum' : 'hashed_checksum', hash: hex ? e.checksum.toLowerCase() : md5([e.checksum]), values: [e.checksum] });
    return out();
  }

  const fp = chooseFingerprint(e);
  const hasDefault = fp.values.some(isDefaultEntry);
  if (!hasDefault) {
    variants.push({ name: fp.source === 'builtin' ? 'built_in_fingerprint' : 'custom_fingerprint', hash: md5(fp.values), values: fp.values });
    return out();
  }

  const rules = rulesFor(e.enhancements);
  const strategies = [() => exceptionVariants(e, rules), () => stackVariants('threads', pickThread(e), e, rules), () => stackVariants('stacktrace', e.frames, e, rules)];
  let app: Component | undefined;
  let system: Component | undefined;
  for (const s of strategies) {
    if (app?.contributes && system?.contributes) break;
    const v = s();
    if (!app?.contributes && v.app?.contributes) app = v.app;
    if (!system?.contributes && v.system?.contributes) system = v.system;
  }
  const tree: Array<[string, Component]> = [];
  if (app?.contributes) tree.push(['app', app]);
  if (system?.contributes) tree.push(['system', system]);
  if (tree.length === 0) {
    const d = defaultVariant(e);
    if (d?.contributes) tree.push(['default', d]);
  }

  const salted = fp.values.length > 1;
  for (const [name, component] of tree) {
    const values = contributingValues(component);
    const hashed = salted ? fp.values.flatMap((x) => (isDefaultEntry(x) ? values : [x])) : values;
    variants.push({ name, hash: md5(hashed), values: hashed, component });
  }
  if (variants.length === 0) variants.push({ name: 'fallback', hash: md5([]), values: [] });
  return out();
}

/** The grouping of a raw event (any JSON; a bad rule in `_grouping.enhancements` throws naming its line). */
export function groupEvent(raw: unknown): GroupingResult {
  return groupParsed(readEvent(raw));
}

export { familyOf };
