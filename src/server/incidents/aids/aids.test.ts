// Runtime controls from the catalog annotation: absolute http(s) URLs as written, and paths on
// this server (Tally's own catalog entry names its admin API as /api/v1/admin/runtime).
import { describe, expect, it } from 'vitest';
import { parseRuntimeControls } from './aids.ts';

describe('parseRuntimeControls', () => {
  it('keeps absolute URLs, resolves paths against the public URL, and leaves out the rest', () => {
    const value = 'flag=https://flags.example/f/1, pause=/api/v1/admin/runtime, odd=//evil.example/x, bad=ftp://x/y, =https://nameless.example';
    expect(parseRuntimeControls(value, 'http://127.0.0.1:7070')).toEqual([
      { name: 'flag', url: 'https://flags.example/f/1' },
      { name: 'pause', url: 'http://127.0.0.1:7070/api/v1/admin/runtime' },
    ]);
    // Without a base, a path is not a URL.
    expect(parseRuntimeControls('pause=/api/v1/admin/runtime')).toEqual([]);
  });
});
