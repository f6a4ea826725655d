// Longest-prefix match over IPv4 and IPv6, the repository's dated snapshot, and the providers'
// published formats (their shapes as documented by each provider).
import { describe, expect, it } from 'vitest';
import { RangeTable, parseCidr } from './ranges.ts';
import { SNAPSHOT_FILE, loadRanges, parsePublished } from './ranges-file.ts';

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
  });

  it('the dated snapshot loads and answers', () => {
    const t = loadRanges([]);
    expect(t.size).toBeGreaterThan(10);
    expect(loadRanges([SNAPSHOT_FILE]).lookup('3.5.141.7')).toBe('aws');
    expect(t.lookup('2a01:4f8:1:2::3')).toBe('hetzner');
  });

  it('reads AWS, Google, Oracle, Azure and CSV published formats', () => {
    expect(parsePublished('aws', JSON.stringify({ prefixes: [{ ip_prefix: '3.5.140.0/22', region: 'x', service: 'AMAZON' }], ipv6_prefixes: [{ ipv6_prefix: '2600:1f00::/24' }] }))).toEqual(['3.5.140.0/22', '2600:1f00::/24']);
    expect(parsePublished('google', JSON.stringify({ prefixes: [{ ipv4Prefix: '34.64.0.0/10', scope: 'x' }, { ipv6Prefix: '2600:1900::/28' }] }))).toEqual(['34.64.0.0/10', '2600:1900::/28']);
    expect(parsePublished('oracle', JSON.stringify({ regions: [{ region: 'us-phoenix-1', cidrs: [{ cidr: '129.146.0.0/21', tags: ['OCI'] }] }] }))).toEqual(['129.146.0.0/21']);
    expect(parsePublished('azure', JSON.stringify({ values: [{ name: 'AzureCloud', properties: { addressPrefixes: ['20.33.0.0/16', '2603:1000::/25'] } }] }))).toEqual(['20.33.0.0/16', '2603:1000::/25']);
    expect(parsePublished('csv', '104.131.0.0/18,US,US-NY,New York,10001\nnot,a,range\n2604:a880::/32,US,,,\n')).toEqual(['104.131.0.0/18', '2604:a880::/32']);
  });
});
