// Fingerprints: the client's list (or the one a server rule puts in its place), with variables
// such as `{{ type }}` or `{{ tags.x }}` resolved from the raw event. `{{ default }}` stands for
// normal grouping; a fingerprint without it replaces grouping, one with it and more salts it.
import type { ExceptionValue, Frame, GroupingEvent } from './event.ts';
import { glob } from './rules.ts';
import { familyOf } from './names.ts';

const VAR = /\{\{\s*([\w.-]+)\s*\}\}/g;
export const isDefaultEntry = (s: string): boolean => /^\{\{\s*default\s*\}\}$/.test(s);

function mainException(e: GroupingEvent): ExceptionValue | undefined {
  return e.exceptions[e.exceptions.length - 1];
}

function topFrame(e: GroupingEvent): Frame | undefined {
  const frames = mainException(e)?.frames ?? e.frames ?? e.threads.find((t) => t.crashed)?.frames;
  return frames?.[frames.length - 1];
}

function resolveVariable(name: string, e: GroupingEvent): string {
  const n = name.toLowerCase();
  if (n === 'message') return e.messageFormatted ?? mainException(e)?.value ?? '<no-message>';
  if (n === 'type' || n === 'error.type') return mainException(e)?.type ?? '<no-type>';
  if (n === 'value' || n === 'error.value') return mainException(e)?.value ?? '<no-value>';
  if (n === 'function' || n === 'stack.function') return topFrame(e)?.function ?? '<no-function>';
  if (n === 'module' || n === 'stack.module') return topFrame(e)?.module ?? '<no-module>';
  if (n === 'transaction') return e.transaction ?? '<no-transaction>';
  if (n === 'logger') return e.logger ?? '<no-logger>';
  if (n === 'level') return e.level ?? '<no-level>';
  if (n === 'release') return e.release ?? '<no-release>';
  if (n.startsWith('tags.')) {
    const tag = name.slice(5);
    return e.tags[tag] ?? `<no-value-for-tag-${tag}>`;
  }
  return `{{ ${name} }}`;
}

/** Each entry with its variables replaced; `{{ default }}` stays as the marker `{{ default }}`. */
export function resolveFingerprint(fp: readonly string[], e: GroupingEvent): string[] {
  return fp.map((entry) => (isDefaultEntry(entry) ? '{{ default }}' : entry.replace(VAR, (_m, name: string) => (name === 'default' ? '{{ default }}' : resolveVariable(name, e)))));
}

function frames(e: GroupingEvent): Frame[] {
  return [...e.exceptions.flatMap((x) => x.frames ?? []), ...(e.frames ?? []), ...e.threads.flatMap((t) => t.frames ?? [])];
}

/** Whether every matcher of a server rule matches the event. Frame matchers must hold on one frame. */
function ruleMatches(matchers: ReadonlyArray<readonly [string, string]>, e: GroupingEvent): boolean {
  const frameTests: Array<(f: Frame) => boolean> = [];
  for (const [rawKey, pattern] of matchers) {
    const negated = rawKey.startsWith('!');
    const key = rawKey.replace(/^!/, '');
    let ok: boolean;
    const re = glob(pattern);
    const any = (xs: Array<string | undefined>) => xs.some((x) => x !== undefined && re.test(x));
    switch (key) {
      case 'type':
      case 'error.type':
        ok = any(e.exceptions.map((x) => x.type));
        break;
      case 'value':
      case 'error.value':
        ok = any(e.exceptions.map((x) => x.value));
        break;
      case 'message':
        ok = any([e.messageFormatted, e.messageTemplate, ...e.exceptions.map((x) => x.value)]);
        break;
      case 'logger':
        ok = any([e.logger]);
        break;
      case 'level':
        ok = any([e.level]);
        break;
      case 'transaction':
        ok = any([e.transaction]);
        break;
      case 'release':
        ok = any([e.release]);
        break;
      case 'sdk':
        ok = any([e.sdk]);
        break;
      case 'family':
        ok = pattern.split(',').some((p) => p === 'all' || p === familyOf(e.platform));
        break;
      case 'function':
      case 'module':
      case 'path':
      case 'package':
      case 'app': {
        const pre = re;
        const pathRe = glob(pattern, true);
        const test = (f: Frame): boolean => {
          if (key === 'function') return f.function !== undefined && pre.test(f.function);
          if (key === 'module') return f.module !== undefined && pre.test(f.module);
          if (key === 'package') return f.package !== undefined && pathRe.test(f.package);
          if (key === 'app') return (f.inApp === true) === ['yes', 'true', '1'].includes(pattern.toLowerCase());
          return [f.absPath, f.filename].some((p) => p !== undefined && pathRe.test(p.replace(/\\/g, '/')));
        };
        if (!negated) {
          frameTests.push(test);
          continue;
        }
        ok = frames(e).some(test);
        break;
      }
      default:
        if (key.startsWith('tags.')) ok = any([e.tags[key.slice(5)]]);
        else return false;
    }
    if (ok === negated) return false;
  }
  if (frameTests.length === 0) return true;
  return frames(e).some((f) => frameTests.every((t) => t(f)));
}

/** Tally's built-in rule: a chunk that failed to load is one problem however it was reached. */
const BUILTIN_FINGERPRINTS: Array<{ matchers: Array<[string, string]>; fingerprint: string[] }> = [
  { matchers: [['family', 'javascript'], ['type', 'ChunkLoadError']], fingerprint: ['chunkloaderror'] },
  { matchers: [['family', 'javascript'], ['value', 'ChunkLoadError*']], fingerprint: ['chunkloaderror'] },
];

export interface FingerprintChoice {
  /** Resolved entries. */
  values: string[];
  source: 'client' | 'server' | 'builtin';
}

/** The fingerprint grouping uses: a matching server rule's, else the client's, else a built-in rule's. */
export function chooseFingerprint(e: GroupingEvent): FingerprintChoice {
  for (const rule of e.fingerprintRules ?? []) {
    if (rule.matchers.length > 0 && ruleMatches(rule.matchers, e)) return { values: resolveFingerprint(rule.fingerprint, e), source: 'server' };
  }
  const client = e.fingerprint && e.fingerprint.length > 0 ? e.fingerprint : ['{{ default }}'];
  const isDefault = client.every(isDefaultEntry);
  if (isDefault) {
    for (const rule of BUILTIN_FINGERPRINTS) {
      if (ruleMatches(rule.matchers, e)) return { values: resolveFingerprint(rule.fingerprint, e), source: 'builtin' };
    }
  }
  return { values: resolveFingerprint(client, e), source: 'client' };
}
