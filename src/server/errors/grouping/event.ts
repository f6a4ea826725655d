// The raw event as SDKs (and Sentry's own test inputs) send it, read into one plain shape for
// grouping. Raw events come in several spellings: `exception` as `{values: [...]}`, a bare list or
// one object; `message` as text or an object; `logentry`; the old `sentry.interfaces.*` keys;
// frames that are `null` or lack `in_app`. Everything here is tolerant: a value of the wrong type
// is treated as absent, never an error.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Obj = { [k: string]: Json };

export interface Frame {
  function?: string;
  rawFunction?: string;
  module?: string;
  filename?: string;
  absPath?: string;
  contextLine?: string;
  package?: string;
  platform?: string;
  lineno?: number;
  colno?: number;
  /** As sent (or as a stack trace rule set it): true, false or unknown. */
  inApp: boolean | null;
  sourceMapped: boolean;
  instructionAddr?: string;
}

export interface Mechanism {
  synthetic: boolean;
  isExceptionGroup: boolean;
  exceptionId?: number;
  parentId?: number;
  type?: string;
}

export interface ExceptionValue {
  type?: string;
  value?: string;
  module?: string;
  frames?: Frame[];
  mechanism: Mechanism;
  nsErrorCode?: number;
  nsErrorDomain?: string;
}

export interface Thread {
  crashed: boolean;
  current: boolean;
  frames?: Frame[];
}

export interface SecurityReport {
  kind: 'csp' | 'hpkp' | 'expectct' | 'expectstaple';
  report: Obj;
}

export interface GroupingEvent {
  platform: string;
  exceptions: ExceptionValue[];
  threads: Thread[];
  frames?: Frame[];
  /** logentry.message (the template) if any, else the formatted text. */
  messageTemplate?: string;
  /** The formatted text (for `{{ message }}`). */
  messageFormatted?: string;
  template?: { filename?: string; contextLine?: string };
  security?: SecurityReport;
  fingerprint?: string[];
  checksum?: string;
  transaction?: string;
  logger?: string;
  level?: string;
  release?: string;
  sdk?: string;
  tags: Record<string, string>;
  /** Extra stack trace rules for this project (Sentry's rule syntax). */
  enhancements?: string;
  /** Server-side fingerprint rules. */
  fingerprintRules?: FingerprintRule[];
}

export interface FingerprintRule {
  matchers: Array<[string, string]>;
  fingerprint: string[];
}

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
const num = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
  return undefined;
};

/** The first present key of `o` among `keys` (new name first, then the old interface names). */
function pick(o: Obj, ...keys: string[]): Json | undefined {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
}

/** `{values: [...]}`, a bare list, or one object → the list. */
function valuesOf(v: Json | undefined): Json[] {
  if (Array.isArray(v)) return v;
  if (isObj(v)) {
    if (Array.isArray(v.values)) return v.values;
    return [v];
  }
  return [];
}

function inAppOf(v: Json | undefined): boolean | null {
  if (v === true || v === 1 || v === 'true' || v === 'True' || v === '1') return true;
  if (v === false || v === 0 || v === 'false' || v === 'False' || v === '0') return false;
  return null;
}

export function readFrame(f: Json): Frame | undefined {
  if (!isObj(f)) return undefined;
  const data = isObj(f.data) ? f.data : {};
  return {
    function: str(f.function),
    rawFunction: str(f.raw_function),
    module: str(f.module),
    filename: str(f.filename),
    absPath: str(f.abs_path),
    contextLine: str(f.context_line),
    package: str(f.package),
    platform: str(f.platform),
    lineno: num(f.lineno),
    colno: num(f.colno),
    inApp: inAppOf(f.in_app),
    sourceMapped: !!(data.sourcemap || data.resolved_with || data.symbolicated === true && f.platform === 'javascript'),
    instructionAddr: str(f.instruction_addr),
  };
}

function readFrames(st: Json | undefined): Frame[] | undefined {
  if (!isObj(st)) return undefined;
  const frames = st.frames;
  if (!Array.isArray(frames)) return undefined;
  return frames.map(readFrame).filter((f): f is Frame => !!f);
}

function readException(e: Json): ExceptionValue | undefined {
  if (!isObj(e)) return undefined;
  const m = isObj(e.mechanism) ? e.mechanism : {};
  const meta = isObj(m.meta) ? m.meta : {};
  const nsError = isObj(meta.ns_error) ? meta.ns_error : undefined;
  return {
    type: str(e.type),
    value: str(e.value),
    module: str(e.module),
    frames: readFrames(pick(e, 'stacktrace', 'raw_stacktrace')),
    mechanism: {
      synthetic: m.synthetic === true,
      isExceptionGroup: m.is_exception_group === true,
      exceptionId: num(m.exception_id),
      parentId: num(m.parent_id),
      type: str(m.type),
    },
    nsErrorCode: nsError ? num(nsError.code) : undefined,
    nsErrorDomain: nsError ? str(nsError.domain) : undefined,
  };
}

function readMessage(raw: Obj): { template?: string; formatted?: string } {
  const logentry = pick(raw, 'logentry', 'sentry.interfaces.Message');
  const message = raw.message;
  let template: string | undefined;
  let formatted: string | undefined;
  for (const m of [logentry, message]) {
    if (isObj(m)) {
      template ??= str(m.message) || undefined;
      formatted ??= str(m.formatted) || undefined;
    } else if (typeof m === 'string' && m) {
      formatted ??= m;
    }
  }
  // Sentry formats `message` with `params` into `formatted` when only the template came.
  if (formatted === undefined && template !== undefined) formatted = template;
  return { template: template ?? formatted, formatted };
}

function readTags(v: Json | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(v)) {
    for (const t of v) if (Array.isArray(t) && t.length === 2 && str(t[0]) !== undefined && str(t[1]) !== undefined) out[str(t[0])!] = str(t[1])!;
  } else if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) if (str(x) !== undefined) out[k] = str(x)!;
  }
  return out;
}

function readSecurity(raw: Obj): SecurityReport | undefined {
  const kinds: Array<[SecurityReport['kind'], string[]]> = [
    ['csp', ['csp', 'sentry.interfaces.Csp']],
    ['hpkp', ['hpkp', 'sentry.interfaces.Hpkp']],
    ['expectct', ['expectct', 'sentry.interfaces.ExpectCT']],
    ['expectstaple', ['expectstaple', 'sentry.interfaces.ExpectStaple']],
  ];
  for (const [kind, keys] of kinds) {
    const r = pick(raw, ...keys);
    if (isObj(r)) return { kind, report: r };
  }
  return undefined;
}

function readFingerprintRules(v: Json | undefined): FingerprintRule[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const rules: FingerprintRule[] = [];
  for (const r of v) {
    if (!isObj(r) || !Array.isArray(r.matchers) || !Array.isArray(r.fingerprint)) continue;
    const matchers = r.matchers.filter((m): m is [string, string] => Array.isArray(m) && m.length === 2 && typeof m[0] === 'string' && typeof m[1] === 'string');
    rules.push({ matchers, fingerprint: r.fingerprint.map((x) => str(x) ?? '') });
  }
  return rules;
}

/** Reads a raw event (any JSON value; what is not understood is ignored). */
export function readEvent(raw: unknown): GroupingEvent {
  const o: Obj = isObj(raw) ? (raw as Obj) : {};
  const msg = readMessage(o);
  const template = pick(o, 'template', 'sentry.interfaces.Template');
  const grouping = isObj(o._grouping) ? o._grouping : {};
  const sdk = isObj(o.sdk) ? str(o.sdk.name) : undefined;
  const fp = Array.isArray(o.fingerprint) ? o.fingerprint.map((x) => str(x) ?? '') : undefined;
  return {
    platform: str(o.platform) || 'other',
    exceptions: valuesOf(pick(o, 'exception', 'sentry.interfaces.Exception')).map(readException).filter((e): e is ExceptionValue => !!e),
    threads: valuesOf(pick(o, 'threads', 'sentry.interfaces.Threads')).filter(isObj).map((t) => ({
      crashed: t.crashed === true,
      current: t.current === true,
      frames: readFrames(pick(t, 'stacktrace', 'raw_stacktrace')),
    })),
    frames: readFrames(pick(o, 'stacktrace', 'sentry.interfaces.Stacktrace')),
    messageTemplate: msg.template,
    messageFormatted: msg.formatted,
    template: isObj(template) ? { filename: str(template.filename), contextLine: str(template.context_line) } : undefined,
    security: readSecurity(o),
    fingerprint: fp,
    checksum: str(o.checksum) || undefined,
    transaction: str(o.transaction),
    logger: str(o.logger),
    level: str(o.level),
    release: str(o.release),
    sdk,
    tags: readTags(o.tags),
    enhancements: str(grouping.enhancements),
    fingerprintRules: readFingerprintRules(o._fingerprinting_rules),
  };
}
