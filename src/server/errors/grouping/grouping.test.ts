// Grouping: Sentry's own inputs with the hashes Sentry computed for them (../shared/fixtures/
// sentry-grouping, read in place), then events of our own that pin each rule of docs/errors.md.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../../testing/shared.ts';
import { groupEvent } from './grouping.ts';
import { parameterize } from './parameterize.ts';
import { normalizeFunction } from './names.ts';

const md5 = (...values: string[]) => createHash('md5').update(values.join(''), 'utf8').digest('hex');
const dir = sharedPath('fixtures', 'sentry-grouping');
const names = readdirSync(join(dir, 'expected')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));

describe("grouping: Sentry's inputs give Sentry's hashes", () => {
  it('finds the fixtures', () => expect(names.length).toBeGreaterThanOrEqual(22));
  for (const name of names) {
    it(name, () => {
      const input = JSON.parse(readFileSync(join(dir, 'inputs', `${name}.json`), 'utf8'));
      const expected = JSON.parse(readFileSync(join(dir, 'expected', `${name}.json`), 'utf8')) as { hashes: string[] };
      expect(groupEvent(input).hashes).toEqual([...new Set(expected.hashes)]);
    });
  }
});

const frame = (over: Record<string, unknown>) => ({ in_app: true, ...over });
const jsError = (frames: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  platform: 'javascript',
  exception: { values: [{ type: 'TypeError', value: "Cannot read properties of undefined (reading 'id')", stacktrace: { frames } }] },
  ...extra,
});

describe('grouping: our own events', () => {
  it('parameterizes messages: numbers, addresses, ids and times never split a group', () => {
    expect(parameterize('testing testing 1, 2, 3')).toBe('testing testing <int>, <int>, <int>');
    expect(parameterize('user 42 from 10.0.0.7 failed at 2026-11-23T12:00:00Z (req 3fa85f64-5717-4562-b3fc-2c963f66afa6)')).toBe('user <int> from <ip> failed at <date> (req <uuid>)');
    expect(parameterize('Loading chunk 7 failed.\n(timeout: https://acme.test/static/7.js)')).toBe('Loading chunk <int> failed.\n(timeout: <url>');
    expect(parameterize('mail bob@acme.test, took 1.5s, code 0xdeadbeef')).toBe('mail <email>, took 1.5s, code <hex>');
    const a = groupEvent({ message: 'order 1234 not found' });
    const b = groupEvent({ logentry: { formatted: 'order 98 not found' } });
    expect(a.hashes).toEqual([md5('order <int> not found')]);
    expect(b.hashes).toEqual(a.hashes);
  });

  it('prefers the message template to the formatted text', () => {
    const r = groupEvent({ logentry: { message: 'Hello there %s!', formatted: 'Hello there Peter!', params: ['Peter'] } });
    expect(r.hashes).toEqual([md5('Hello there %s!')]);
  });

  it('groups the same error from Chrome and Safari alike', () => {
    const chrome = jsError([
      frame({ function: 'Object.handleClick', abs_path: 'https://shop.acme.test/static/app.js', filename: '/static/app.js', context_line: '  const id = user.id;  ' }),
      frame({ function: 'Array.map', abs_path: '<anonymous>', filename: '<anonymous>' }),
      frame({ function: 'renderCart', abs_path: 'https://shop.acme.test/static/app.js', filename: '/static/app.js', context_line: 'return items.map(render);' }),
    ]);
    const safari = jsError([
      frame({ function: 'handleClick', abs_path: 'https://shop.acme.test/static/app.js', filename: '/static/app.js', context_line: 'const id = user.id;' }),
      frame({ function: 'map', abs_path: '[native code]', filename: '[native code]' }),
      frame({ function: 'renderCart', abs_path: 'https://shop.acme.test/static/app.js', filename: '/static/app.js', context_line: 'return   items.map(render);' }),
    ]);
    const c = groupEvent(chrome);
    expect(groupEvent(safari).hashes).toEqual(c.hashes);
    // URL frames: no file name; functions, context lines (whitespace collapsed) and the type.
    expect(c.variants.find((v) => v.name === 'app')?.values).toEqual(['handleClick', 'const id = user.id;', 'renderCart', 'return items.map(render);', 'TypeError']);
  });

  it('uses the exception value only when no stack trace contributes, parameterized', () => {
    const r = groupEvent({ platform: 'python', exception: [{ type: 'KeyError', value: "key 17 missing" }] });
    expect(r.hashes).toEqual([md5('KeyError', 'key <int> missing')]);
  });

  it('drops recursion and lets only in-app frames into the app variant', () => {
    const f = (name: string, inApp: boolean) => ({ function: name, module: `shop.${name}`, filename: `shop/${name}.py`, in_app: inApp, lineno: 3 });
    const r = groupEvent({ platform: 'python', exception: [{ type: 'RecursionError', value: 'deep', stacktrace: { frames: [f('main', true), f('walk', true), f('walk', true), f('walk', true), f('lib', false)] } }] });
    expect(r.variants.find((v) => v.name === 'app')?.values).toEqual(['shop.main', 'main', 'shop.walk', 'walk', 'RecursionError']);
    expect(r.variants.find((v) => v.name === 'system')?.values).toEqual(['shop.main', 'main', 'shop.walk', 'walk', 'shop.lib', 'lib', 'RecursionError']);
    expect(r.hashes[0]).toBe(md5('shop.main', 'main', 'shop.walk', 'walk', 'RecursionError'));
  });

  it('applies custom, hybrid and server fingerprints, and checksums', () => {
    const base = { platform: 'python', exception: [{ type: 'DatabaseError', value: 'connection 5 lost' }], tags: { shard: 'eu-1' } };
    expect(groupEvent({ ...base, fingerprint: ['db', '{{ type }}', '{{ tags.shard }}'] }).hashes).toEqual([md5('db', 'DatabaseError', 'eu-1')]);
    expect(groupEvent({ ...base, fingerprint: ['{{ default }}', 'tenant-9'] }).hashes).toEqual([md5('DatabaseError', 'connection <int> lost', 'tenant-9')]);
    expect(groupEvent({ ...base, fingerprint: ['{{default}}'] }).hashes).toEqual([md5('DatabaseError', 'connection <int> lost')]);
    const rules = [{ matchers: [['type', 'Database*']], fingerprint: ['database-down'] }];
    expect(groupEvent({ ...base, _fingerprinting_rules: rules }).hashes).toEqual([md5('database-down')]);
    expect(groupEvent({ ...base, _fingerprinting_rules: [{ matchers: [['type', 'Other']], fingerprint: ['x'] }] }).hashes).toEqual([md5('DatabaseError', 'connection <int> lost')]);
    expect(groupEvent({ ...base, checksum: 'ABCDEF0123456789ABCDEF0123456789' }).hashes).toEqual(['abcdef0123456789abcdef0123456789']);
    expect(groupEvent({ ...base, checksum: 'release-7' }).hashes).toEqual([md5('release-7')]);
    expect(groupEvent({ platform: 'javascript', exception: [{ type: 'ChunkLoadError', value: 'Loading chunk 3 failed.' }] }).hashes).toEqual([md5('chunkloaderror')]);
  });

  it('follows project stack trace rules, and names the line of a bad one', () => {
    const frames = [
      { function: 'runApp', filename: 'app.dart', in_app: true },
      { function: 'playFetch', filename: 'net.dart', in_app: false },
      { function: 'parse', filename: 'json.dart', in_app: true },
    ];
    const event = (enhancements?: string) => ({ platform: 'dart', exception: [{ type: 'FormatException', stacktrace: { frames } }], ...(enhancements ? { _grouping: { enhancements } } : {}) });
    expect(groupEvent(event()).variants.find((v) => v.name === 'app')?.values).toEqual(['app.dart', 'runApp', 'json.dart', 'parse', 'FormatException']);
    const ruled = groupEvent(event('stack.function:runApp -app -group\nstack.function:playFetch +app +group'));
    expect(ruled.variants.find((v) => v.name === 'app')?.values).toEqual(['net.dart', 'playFetch', 'json.dart', 'parse', 'FormatException']);
    const minFrames = groupEvent(event('family:other min-frames=4'));
    expect(minFrames.hashes).toEqual([md5('FormatException')]);
    expect(() => groupEvent(event('function:x\nstack.function:runApp +ap'))).toThrow(/line 2/);
  });

  it('picks the crashed thread', () => {
    const thread = (name: string, crashed: boolean) => ({ crashed, stacktrace: { frames: [{ function: name, filename: `${name}.c`, in_app: true }] } });
    const r = groupEvent({ platform: 'other', threads: { values: [thread('idle', false), thread('boom', true)] } });
    expect(r.hashes).toEqual([md5('boom.c', 'boom')]);
  });

  it('reduces an exception group to its distinct leaves', () => {
    const leaf = (id: number, type: string) => ({ type, value: 'x', mechanism: { type: 'chained', exception_id: id, parent_id: 0 } });
    const group = { type: 'ExceptionGroup', value: '2 errors', mechanism: { type: 'generic', exception_id: 0, is_exception_group: true } };
    const same = groupEvent({ exception: { values: [group, leaf(1, 'ValueError'), leaf(2, 'ValueError')] } });
    expect(same.hashes).toEqual([md5('ValueError', 'x')]);
    const different = groupEvent({ exception: { values: [group, leaf(1, 'ValueError'), leaf(2, 'KeyError')] } });
    expect(different.hashes).toEqual([md5('ExceptionGroup', '<int> errors', 'ValueError', 'x', 'KeyError', 'x')]);
    // A broken tree (a repeated id) is grouped as it came.
    const broken = groupEvent({ exception: { values: [group, leaf(1, 'ValueError'), leaf(1, 'ValueError')] } });
    expect(broken.hashes).toEqual([md5('ExceptionGroup', '<int> errors', 'ValueError', 'x', 'ValueError', 'x')]);
  });

  it('normalizes function names per language', () => {
    expect(normalizeFunction('Foo.<anonymous>', undefined, 'javascript')).toBeUndefined();
    expect(normalizeFunction('Hub.mockConstructor [as captureException]', undefined, 'node')).toBe('mockConstructor [as captureException]');
    expect(normalizeFunction('void __cdecl ns::Widget::draw(int,char const *) const', undefined, 'native')).toBe('ns::Widget::draw');
    expect(normalizeFunction('?A0x1f2e3d4c::start', undefined, 'native')).toBe("`anonymous namespace'::start");
    expect(normalizeFunction('auto <lambda_9f8e>::operator()(void)', undefined, 'native')).toBe('<lambda>::operator()');
    expect(normalizeFunction('lambda$run$0', undefined, 'java')).toBeUndefined();
    expect(normalizeFunction('_show_html_erb__123_456', undefined, 'ruby')).toBe('_show_html_erb');
    expect(normalizeFunction('Object.foo', 'Object.foo', 'javascript')).toBe('Object.foo');
  });

  it('falls back to the hash of nothing, and never throws on odd input', () => {
    for (const raw of [{}, null, 42, 'text', { exception: [null, { stacktrace: { frames: [null, 3] } }] }, { stacktrace: { frames: 'no' } }]) {
      expect(groupEvent(raw).hashes).toEqual([md5()]);
    }
  });
});
