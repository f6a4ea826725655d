// JA4 against FoxIO's published example (technical_details/JA4.md: the cipher and extension lists,
// the signature algorithms and the resulting fingerprints, raw and hashed) and its edge cases
// (ALPN bytes that are not alphanumeric, no ALPN, counts above 99, no ciphers, no signature
// algorithms). Hellos are built byte by byte and parsed by read-tls-client-hello, as on the wire.
import { PassThrough } from 'node:stream';
import { readTlsClientHello } from 'read-tls-client-hello';
import { describe, expect, it } from 'vitest';
import { clientHelloRecord, type HelloParts } from './hello-bytes.ts';
import { ja4, ja4String } from './ja4.ts';

const GREASE = 0x0a0a;
const FOXIO: HelloParts = {
  ciphers: [GREASE, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035],
  extensions: [GREASE, 0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d, 0x0005, 0x0023, 0x0012, 0x002b, 0xff01, 0x000b, 0x000a, 0x0015],
  sni: 'shop.example',
  alpn: ['h2', 'http/1.1'],
  sigalgs: [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601],
  versions: [GREASE, 0x0304, 0x0303],
};

async function parse(parts: HelloParts) {
  const s = new PassThrough();
  s.end(clientHelloRecord(parts));
  return readTlsClientHello(s);
}

describe('JA4 (FoxIO test vectors)', () => {
  it('the published example: t13d1516h2_8daaf6152771_e5627efa2ab1, GREASE ignored', async () => {
    const fp = ja4(await parse(FOXIO));
    expect(fp.ja4).toBe('t13d1516h2_8daaf6152771_e5627efa2ab1');
    expect(fp.raw).toBe('t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_0403,0804,0401,0503,0805,0501,0806,0601');
  });

  it('no signature algorithms: the extension list alone is hashed (6d807ffa2a79)', async () => {
    const fp = ja4(await parse({ ...FOXIO, sigalgs: undefined, extensions: FOXIO.extensions }));
    // The 000d extension is still listed (present, empty body is malformed → no algorithms parsed).
    expect(fp.ja4.split('_')[2]).toBe('6d807ffa2a79');
  });

  it('ALPN whose first or last byte is not alphanumeric: first and last hex digits', async () => {
    const cases: [number[], string][] = [[[0xab], 'ab'], [[0xab, 0xcd], 'ad'], [[0x30, 0xab], '3b'], [[0x30, 0x31, 0xab, 0xcd], '3d'], [[0x30, 0xab, 0xcd, 0x31], '01']];
    for (const [bytes, chars] of cases) {
      const fp = ja4(await parse({ ...FOXIO, alpn: [bytes] }));
      expect(fp.ja4.slice(8, 10), bytes.map((b) => b.toString(16)).join(' ')).toBe(chars);
    }
  });

  it('http/1.1 first → h1; a one-character value counts twice; no ALPN or an empty first value → 00', async () => {
    expect(ja4(await parse({ ...FOXIO, alpn: ['http/1.1', 'h2'] })).ja4.slice(0, 10)).toBe('t13d1516h1');
    expect(ja4(await parse({ ...FOXIO, alpn: ['x'] })).ja4.slice(8, 10)).toBe('xx');
    expect(ja4(await parse({ ...FOXIO, alpn: [''] })).ja4.slice(8, 10)).toBe('00');
    const noAlpn = ja4(await parse({ ...FOXIO, extensions: FOXIO.extensions.filter((e) => e !== 0x0010) }));
    expect(noAlpn.ja4.slice(0, 10)).toBe('t13d151500');
    // ALPN is left out of the extension hash, so removing it changes only part a.
    expect(noAlpn.ja4.slice(10)).toBe('_8daaf6152771_e5627efa2ab1');
  });

  it('no SNI → i, and part c does not change (SNI is left out of the hash)', async () => {
    const fp = ja4(await parse({ ...FOXIO, extensions: FOXIO.extensions.filter((e) => e !== 0x0000) }));
    expect(fp.ja4).toBe('t13i1515h2_8daaf6152771_e5627efa2ab1');
  });

  it('counts above 99 print 99; SCSV and reserved values count', async () => {
    const many = Array.from({ length: 120 }, (_, i) => 0x0100 + i);
    const fp = ja4(await parse({ ...FOXIO, ciphers: [...many, 0x00ff, 0x5600, 0xfe01] }));
    expect(fp.ja4.slice(0, 10)).toBe('t13d9916h2');
    expect(fp.raw.split('_')[1]!.split(',')).toHaveLength(123);
  });

  it('no supported_versions: the hello version (TLS 1.2 → 12); unknown → 00', async () => {
    const exts = FOXIO.extensions.filter((e) => e !== 0x002b);
    expect(ja4(await parse({ ...FOXIO, extensions: exts })).ja4.slice(0, 4)).toBe('t12d');
    expect(ja4(await parse({ ...FOXIO, extensions: exts, legacyVersion: 0x0301 })).ja4.slice(0, 4)).toBe('t10d');
    expect(ja4(await parse({ ...FOXIO, versions: [0x7f17] })).ja4.slice(0, 4)).toBe('t00d');
  });

  it('no ciphers → 000000000000 in part b', async () => {
    expect(ja4(await parse({ ...FOXIO, ciphers: [GREASE] })).ja4.split('_')[1]).toBe('000000000000');
  });

  it('kept lists give the same answer as fresh ones, and lists that differ in one value or in where the `_` falls do not share one', async () => {
    const published = await parse(FOXIO);
    const first = ja4(published);
    const other = await parse({ ...FOXIO, ciphers: FOXIO.ciphers.slice(0, -1), sigalgs: [0x0403, 0x0804] });
    const otherFp = ja4(other);
    expect(ja4(published)).toEqual(first);
    expect(ja4String(published)).toBe(first.ja4);
    expect(ja4String(other)).toBe(otherFp.ja4);
    expect(otherFp.ja4.split('_')[1]).not.toBe(first.ja4.split('_')[1]);
    expect(otherFp.raw.split('_')[3]).toBe('0403,0804');
    // The same values, one moved from the extensions to the signature algorithms: another list.
    const exts = FOXIO.extensions.filter((e) => e !== 0x0005);
    const moved = ja4(await parse({ ...FOXIO, extensions: exts, sigalgs: [0x0005, ...FOXIO.sigalgs!] }));
    expect(moved.raw.split('_').slice(2).join('_')).toBe('000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_0005,0403,0804,0401,0503,0805,0501,0806,0601');
    expect(moved.ja4.split('_')[2]).not.toBe(first.ja4.split('_')[2]);
  });
});
