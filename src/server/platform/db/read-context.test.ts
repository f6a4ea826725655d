import { expect, it } from 'vitest';
import { formatLsn, parseLsn } from './read-context.ts';

it("reads and writes PostgreSQL's WAL positions (pg_lsn text), ordered as numbers", () => {
  expect(parseLsn('0/6000060')).toBe(0x6000060n);
  expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
  expect(parseLsn('16/B374D848')! > parseLsn('9/FFFFFFFF')!).toBe(true);
  expect(formatLsn(parseLsn('16/B374D848')!)).toBe('16/B374D848');
  for (const bad of ['', '16', '16/', 'x/1', '123456789/0', '0/0; drop table', null, undefined]) expect(parseLsn(bad)).toBeUndefined();
});
