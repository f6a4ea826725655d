// The HTTP/2 preface reader on frames built byte by byte: SETTINGS in the order sent, the
// connection window, PRIORITY frames and the first request's priority; an incomplete flight waits,
// anything that is not a preface is refused.
import { describe, expect, it } from 'vitest';
import { PREFACE, frame, priorityFrame, settings, u32, windowUpdate } from './h2-frames.ts';
import { parsePreface } from './h2-preface.ts';

describe('HTTP/2 preface', () => {
  it('SETTINGS in the order sent, the window, PRIORITY frames and the first HEADERS priority', () => {
    const headers = frame(0x1, 0x25, 15, Buffer.concat([u32(0x80000000 | 13), Buffer.from([41, 0x82, 0x87, 0x84])]));
    const data = Buffer.concat([PREFACE, settings([[4, 6291456], [1, 65536], [3, 1000]]), windowUpdate(15663105), priorityFrame(3, false, 0, 200), priorityFrame(13, false, 11, 240), headers]);
    expect(parsePreface(data)).toEqual({ settings: '4:6291456;1:65536;3:1000', window: 15663105, priority: '3:0:0:201,13:0:11:241,15:1:13:42' });
    // Padded HEADERS: the pad length comes before the priority fields.
    const padded = frame(0x1, 0x2d, 1, Buffer.concat([Buffer.from([2]), u32(0), Buffer.from([255, 0x82, 0, 0])]));
    expect(parsePreface(Buffer.concat([PREFACE, settings([[2, 0]]), padded]))).toEqual({ settings: '2:0', window: 0, priority: '1:0:0:256' });
  });

  it('what came so far is enough once SETTINGS is complete; before that it waits', () => {
    const full = Buffer.concat([PREFACE, settings([[3, 100], [4, 33554432], [2, 0]]), windowUpdate(33488897)]);
    expect(parsePreface(full.subarray(0, 10))).toBeUndefined();
    expect(parsePreface(full.subarray(0, PREFACE.length + 12))).toBeUndefined();
    expect(parsePreface(full.subarray(0, PREFACE.length + 27 + 5))).toEqual({ settings: '3:100;4:33554432;2:0', window: 0, priority: '0' });
    expect(parsePreface(full)).toEqual({ settings: '3:100;4:33554432;2:0', window: 33488897, priority: '0' });
    expect(parsePreface(Buffer.concat([PREFACE, settings([])]))).toEqual({ settings: '', window: 0, priority: '0' });
  });

  it('not a preface, or a first frame that is not SETTINGS: refused', () => {
    expect(parsePreface(Buffer.from('GET / HTTP/1.1\r\n'))).toBeNull();
    expect(parsePreface(Buffer.concat([PREFACE, windowUpdate(1)]))).toBeNull();
    expect(parsePreface(Buffer.concat([PREFACE, frame(0x4, 0, 0, Buffer.alloc(5))]))).toBeNull();
  });
});
