// Normalising what a frame calls itself: function names per language, Java's generated class
// names, file names. All of it aims at one thing: the same code gives the same strings on every
// machine, build and browser.

const JS_PLATFORMS = new Set(['javascript', 'node']);
export const CONTEXT_PLATFORMS = new Set(['javascript', 'node', 'python', 'php', 'ruby']);
const NATIVE_PLATFORMS = new Set(['native', 'c', 'cocoa', 'objc', 'swift', 'rust', 'cpp']);

export type Family = 'native' | 'javascript' | 'other';

export function familyOf(platform: string | undefined): Family {
  if (!platform) return 'other';
  if (JS_PLATFORMS.has(platform)) return 'javascript';
  if (NATIVE_PLATFORMS.has(platform)) return 'native';
  return 'other';
}

export const isJs = (platform: string): boolean => JS_PLATFORMS.has(platform);

/** Names that say "no name". */
const UNKNOWN_FUNCTIONS = new Set(['?', '<anonymous>', '<unknown>', '<redacted>', 'Anonymous function', '[anonymous]', '<anonymous function>', 'anonymous']);

/** `Object.foo` → `foo`: the part after the last `.` outside brackets (`[as x.y]` stays whole). */
function jsFunction(name: string): string | undefined {
  let depth = 0;
  let cut = -1;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === '.' && depth === 0) cut = i;
  }
  const tail = (cut >= 0 ? name.slice(cut + 1) : name).trim();
  if (!tail || UNKNOWN_FUNCTIONS.has(tail)) return undefined;
  return tail;
}

/** Drops a balanced `(…)` or `<…>` group that ends at `end` (inclusive); returns its start. */
function groupStart(s: string, end: number, open: string, close: string): number {
  let depth = 0;
  for (let i = end; i >= 0; i--) {
    if (s[i] === close) depth++;
    else if (s[i] === open && --depth === 0) return i;
  }
  return -1;
}

/**
 * C, C++, Rust, Objective-C and Windows symbols: argument lists, return types, `const` and the
 * like removed; `<lambda_…>` → `<lambda>`; Windows' `?A0x…` anonymous namespaces named as such.
 */
function nativeFunction(name: string): string | undefined {
  let s = name.trim();
  if (!s || s === '<unknown>' || s === '<redacted>' || s === '?' || s === '??') return undefined;
  // Objective-C methods are already canonical.
  if (/^[-+]\[.*\]$/.test(s)) return s;
  s = s.replace(/\?A0x[0-9a-fA-F]+::/g, "`anonymous namespace'::");
  s = s.replace(/\(anonymous namespace\)/g, "`anonymous namespace'");
  s = s.replace(/<lambda_[0-9a-fA-F]+>/g, '<lambda>');
  s = s.replace(/\{lambda\([^)]*\)#\d+\}/g, '{lambda}');
  // Trailing qualifiers after the argument list.
  for (;;) {
    const t = s.replace(/\s*(?:const|volatile|&&|&|noexcept|override|final)\s*$/, '');
    if (t === s) break;
    s = t;
  }
  // The argument list at the end.
  if (s.endsWith(')')) {
    const start = groupStart(s, s.length - 1, '(', ')');
    if (start > 0) s = s.slice(0, start);
  }
  // A return type before the name: the last top-level space.
  let depth = 0;
  let cut = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '<' || c === '(' || c === '[' || c === '{') depth++;
    else if (c === '>' || c === ')' || c === ']' || c === '}') depth--;
    else if (c === ' ' && depth === 0 && !s.slice(i + 1).startsWith('namespace')) cut = i;
  }
  if (cut >= 0 && !s.includes('`anonymous namespace')) s = s.slice(cut + 1);
  s = s.replace(/^[*&]+/, '').trim();
  return s || undefined;
}

/** The function as grouping uses it, or undefined when it says nothing. */
export function normalizeFunction(fn: string | undefined, rawFunction: string | undefined, platform: string): string | undefined {
  if (fn === undefined || fn === '') return undefined;
  // A frame that carries its raw name has had its function trimmed already: used as given.
  if (rawFunction !== undefined && rawFunction !== '') {
    if (platform === 'csharp') return rawFunction;
    return UNKNOWN_FUNCTIONS.has(fn) ? undefined : fn;
  }
  if (isJs(platform)) return jsFunction(fn);
  if (familyOf(platform) === 'native') return nativeFunction(fn);
  if (platform === 'java') {
    if (/^lambda\$/.test(fn)) return undefined;
    return fn;
  }
  if (platform === 'ruby') return fn.replace(/__\d+_\d+$/, '');
  if (platform === 'php') {
    const m = /^class@anonymous.*::(.+)$/.exec(fn);
    if (m) return m[1];
    return fn;
  }
  if (UNKNOWN_FUNCTIONS.has(fn)) return undefined;
  return fn;
}

/** Java's generated class names (proxies, enhancers, accessors) with the generated part replaced. */
export function normalizeJavaModule(module: string): string {
  return module
    .replace(/(\$\$(?:EnhancerBy|FastClassBy)[A-Za-z]*CGLIB\$\$)[0-9a-fA-F]+/g, '$1<auto>')
    .replace(/(\$\$EnhancerByGuice\$\$)[0-9a-fA-F]+/g, '$1<auto>')
    .replace(/(\$\$(?:EnhancerBy|FastClassBy)[A-Za-z]+\$\$)[0-9a-fA-F]+/g, '$1<auto>')
    .replace(/(_\$\$_javassist)(?:_seam)?_\d+/g, '$1<auto>')
    .replace(/(_\$\$_jvst)[0-9a-fA-F]+_[0-9a-fA-F]+/g, '$1<auto>')
    .replace(/(\$HibernateProxy\$)[A-Za-z0-9]+/g, '$1<auto>')
    .replace(/^(sun\.reflect\.Generated(?:Serialization)?ConstructorAccessor)\d+$/, '$1<auto>')
    .replace(/^((?:sun|jdk\.internal)\.reflect\.GeneratedMethodAccessor)\d+$/, '$1')
    .replace(/(\$\$Lambda\$)\d+(?:\/(?:0x)?[0-9a-fA-F]+)?/g, '$1<auto>')
    .replace(/(\$fn__)\d+/g, '$1<auto>')
    .replace(/(\$eval)\d+/g, '$1<auto>');
}

export function isUrl(path: string | undefined): boolean {
  return !!path && /^(?:https?|blob|ftp|wss?):/i.test(path);
}

/** The last path segment, lower-cased, without a query string. */
export function basename(path: string): string {
  const noQuery = path.replace(/[?#].*$/, '');
  const parts = noQuery.split(/[\\/]/);
  return (parts[parts.length - 1] ?? '').toLowerCase();
}

/** Whitespace collapsed; undefined when empty. */
export function collapseSpace(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const t = s.replace(/\s+/g, ' ').trim();
  return t || undefined;
}
