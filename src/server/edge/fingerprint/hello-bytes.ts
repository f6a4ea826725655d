// Builds TLS ClientHello records from their parts: for tests, the benchmark and the flash-sale
// simulation's scripted clients (a hello with exactly the ciphers, extensions and ALPN wanted).
export interface HelloParts {
  ciphers: number[];
  /** Extensions in the order sent; `sni`, `alpn`, `sigalgs` and `versions` fill those extensions' bodies. */
  extensions: number[];
  sni?: string;
  /** ALPN values as bytes (a string is taken byte for byte, latin1). */
  alpn?: (string | number[])[];
  sigalgs?: number[];
  versions?: number[];
  legacyVersion?: number;
}

const u16 = (n: number): Buffer => Buffer.from([(n >> 8) & 0xff, n & 0xff]);

function body(id: number, p: HelloParts): Buffer {
  if (id === 0x0000 && p.sni !== undefined) {
    const name = Buffer.from(p.sni, 'ascii');
    return Buffer.concat([u16(name.length + 3), Buffer.from([0]), u16(name.length), name]);
  }
  if (id === 0x0010 && p.alpn) {
    const list = Buffer.concat(p.alpn.map((v) => {
      const b = typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from(v);
      return Buffer.concat([Buffer.from([b.length]), b]);
    }));
    return Buffer.concat([u16(list.length), list]);
  }
  if (id === 0x000d && p.sigalgs) return Buffer.concat([u16(p.sigalgs.length * 2), ...p.sigalgs.map(u16)]);
  if (id === 0x002b && p.versions) return Buffer.concat([Buffer.from([p.versions.length * 2]), ...p.versions.map(u16)]);
  if (id === 0x000a) return Buffer.concat([u16(4), u16(0x001d), u16(0x0017)]);
  if (id === 0x000b) return Buffer.from([1, 0]);
  return Buffer.alloc(0);
}

/** The whole TLS record (type 22) holding one ClientHello. */
export function clientHelloRecord(p: HelloParts): Buffer {
  const extensions = Buffer.concat(p.extensions.map((id) => {
    const b = body(id, p);
    return Buffer.concat([u16(id), u16(b.length), b]);
  }));
  const hello = Buffer.concat([
    u16(p.legacyVersion ?? 0x0303),
    Buffer.alloc(32, 7),
    Buffer.from([0]),
    u16(p.ciphers.length * 2), ...p.ciphers.map(u16),
    Buffer.from([1, 0]),
    u16(extensions.length), extensions,
  ]);
  const handshake = Buffer.concat([Buffer.from([1, (hello.length >> 16) & 0xff, (hello.length >> 8) & 0xff, hello.length & 0xff]), hello]);
  return Buffer.concat([Buffer.from([22, 3, 1]), u16(handshake.length), handshake]);
}
