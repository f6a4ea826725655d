// Longest-prefix match over IPv4 and IPv6; the built-in example (labelled as one, no provider's
// ranges); and the providers' published files, read from samples this test writes in each
// provider's own format (the fields and nesting of AWS ip-ranges.json, Google cloud.json, Azure
// ServiceTags_Public_*.json, Oracle public_ip_ranges.json and a CSV geofeed), named in spec.ranges
// as downloaded.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RangeTable, parseCidr } from './ranges.ts';
import { EXAMPLE_RANGES_FILE, detectFormat, loadRanges, parsePublished } from './ranges-file.ts';

const AWS = {
  syncToken: '1764460000', createDate: '2026-11-30-00-00-00',
  prefixes: [
    { ip_prefix: '192.0.2.0/25', region: 'eu-west-1', service: 'AMAZON', network_border_group: 'eu-west-1' },
    { ip_prefix: '192.0.2.0/25', region: 'eu-west-1', service: 'EC2', network_border_group: 'eu-west-1' },
  ],
  ipv6_prefixes: [{ ipv6_prefix: '2001:db8:a::/48', region: 'eu-west-1', service: 'AMAZON', network_border_group: 'eu-west-1' }],
};
const GOOGLE = {
  syncToken: '1764460000000', creationTime: '2026-11-30T00:00:00.000000',
  prefixes: [{ ipv4Prefix: '198.51.100.0/26', service: 'Google Cloud', scope: 'europe-west1' }, { ipv6Prefix: '2001:db8:b::/48', service: 'Google Cloud', scope: 'europe-west1' }],
};
const AZURE = {
  changeNumber: 300, cloud: 'Public',
  values: [
    { name: 'AzureCloud', id: 'AzureCloud', properties: { changeNumber: 300, region: '', regionId: 0, platform: 'Azure', systemService: '', addressPrefixes: ['203.0.113.0/27', '2001:db8:c::/48'], networkFeatures: ['API', 'NSG'] } },
    { name: 'AzureCloud.westeurope', id: 'AzureCloud.westeurope', properties: { changeNumber: 12, region: 'westeurope', regionId: 18, platform: 'Azure', systemService: '', addressPrefixes: ['203.0.113.0/27'], networkFeatures: ['API'] } },
  ],
};
const ORACLE = {
  last_updated_timestamp: '2026-11-30T00:00:00.000000',
  regions: [{ region: 'eu-frankfurt-1', cidrs: [{ cidr: '203.0.113.64/27', tags: ['OCI'] }, { cidr: '203.0.113.96/27', tags: ['OSN', 'OBJECT_STORAGE'] }] }],
};
// RFC 8805 geofeed, as DigitalOcean publishes it: prefix, country, region, city, postal code.
const GEOFEED = '# a comment line\n198.51.100.128/25,NL,NL-NH,Amsterdam,1098\n2001:db8:d::/48,NL,NL-NH,Amsterdam,1098\nnot,a,range\n';

describe('cloud ranges', () => {
  it('the longest prefix wins, for IPv4 and IPv6; IPv4-mapped addresses count as IPv4', () => {
    const t = new RangeTable();
    t.add(parseCidr('10.0.0.0/8')!, 'wide');
    t.add(parseCidr('10.1.0.0/16')!, 'narrow');
    t.add(parseCidr('10.1.2.3/32')!, 'host');
    t.add(parseCidr('2600:1f00::/24')!, 'v6');
    t.add(parseCidr('2600:1f00:1::/48')!, 'v6-narrow');
    expect(t.lookup('10.200.0.1')).toBe('wide');
    expect(t.lookup('10.1.9.9')).toBe('narrow');
    expect(t.lookup('10.1.2.3')).toBe('host');
    expect(t.lookup('::ffff:10.1.2.3')).toBe('host');
    expect(t.lookup('11.0.0.1')).toBeUndefined();
    expect(t.lookup('2600:1f00:2::1')).toBe('v6');
    expect(t.lookup('2600:1f00:1:5::1')).toBe('v6-narrow');
    expect(t.lookup('2a00::1')).toBeUndefined();
    expect(t.lookup('not an address')).toBeUndefined();
    expect(new RangeTable().lookup('10.0.0.1')).toBeUndefined();
  });

  it('with no ranges named, the built-in example: labelled as one, documentation blocks only', () => {
    const r = loadRanges([]);
    expect(r.isExample).toBe(true);
    expect(Object.keys(r.counts)).toEqual(['example-cloud', 'example-hosting']);
    expect(r.table.lookup('198.18.7.1')).toBe('example-hosting');
    expect(r.table.lookup('2001:db8::1')).toBe('example-cloud');
    expect(r.table.lookup('3.5.140.1')).toBeUndefined(); // no real provider's address
    expect(loadRanges([EXAMPLE_RANGES_FILE]).isExample).toBe(false); // named on purpose: the operator's choice
  });

  it('reads each provider\'s published format, each prefix once', () => {
    expect(parsePublished('aws', JSON.stringify(AWS))).toEqual(['192.0.2.0/25', '2001:db8:a::/48']);
    expect(parsePublished('google', JSON.stringify(GOOGLE))).toEqual(['198.51.100.0/26', '2001:db8:b::/48']);
    expect(parsePublished('azure', JSON.stringify(AZURE))).toEqual(['203.0.113.0/27', '2001:db8:c::/48']);
    expect(parsePublished('oracle', JSON.stringify(ORACLE))).toEqual(['203.0.113.64/27', '203.0.113.96/27']);
    expect(parsePublished('csv', GEOFEED)).toEqual(['198.51.100.128/25', '2001:db8:d::/48']);
  });

  it('spec.ranges may name the providers\' files as downloaded: the format is told from the content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-edge-ranges-'));
    const files = { 'ip-ranges.json': JSON.stringify(AWS), 'cloud.json': JSON.stringify(GOOGLE), 'ServiceTags_Public_20261130.json': JSON.stringify(AZURE), 'public_ip_ranges.json': JSON.stringify(ORACLE), 'digitalocean.csv': GEOFEED };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    expect(Object.values(files).map((t) => detectFormat(t))).toEqual(['aws', 'google', 'azure', 'oracle', 'csv']);
    const r = loadRanges(Object.keys(files).map((f) => join(dir, f)));
    expect(r.isExample).toBe(false);
    expect(r.counts).toEqual({ aws: 2, 'google-cloud': 2, azure: 2, oracle: 2, digitalocean: 2 });
    expect(['192.0.2.1', '198.51.100.1', '203.0.113.1', '203.0.113.70', '198.51.100.200', '2001:db8:c::9', '2001:db8:d::9'].map((a) => r.table.lookup(a))).toEqual(['aws', 'google-cloud', 'azure', 'oracle', 'digitalocean', 'azure', 'digitalocean']);
    writeFileSync(join(dir, 'other.json'), '{"hello":"world"}');
    expect(() => loadRanges([join(dir, 'other.json')])).toThrow(/cannot read ranges .*other\.json/);
    writeFileSync(join(dir, 'bad.json'), '{"fetchedAt":"x","providers":{"p":["10.0.0.0/33"]}}');
    expect(() => loadRanges([join(dir, 'bad.json')])).toThrow(/bad range in .*bad\.json/);
  });
});
