// Builds HTTP/2 frames byte by byte (RFC 9113 §4.1): for the preface reader's tests and a raw
// HTTP/2 client in the proxy's system test.
export const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

export function frame(type: number, flags: number, stream: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(9);
  h.writeUIntBE(payload.length, 0, 3);
  h[3] = type;
  h[4] = flags;
  h.writeUInt32BE(stream, 5);
  return Buffer.concat([h, payload]);
}
export function settings(list: [number, number][]): Buffer {
  const p = Buffer.alloc(list.length * 6);
  list.forEach(([id, v], i) => {
    p.writeUInt16BE(id, i * 6);
    p.writeUInt32BE(v, i * 6 + 2);
  });
  return frame(0x4, 0, 0, p);
}
export const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
export const windowUpdate = (n: number) => frame(0x8, 0, 0, u32(n));
export const priorityFrame = (stream: number, exclusive: boolean, dep: number, weight: number) => frame(0x2, 0, stream, Buffer.concat([u32((exclusive ? 0x80000000 : 0) | dep), Buffer.from([weight])]));
