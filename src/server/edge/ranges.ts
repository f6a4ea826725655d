// Longest-prefix match of an address against CIDR ranges (IPv4 and IPv6, one binary trie per
// family): which cloud or hosting provider an address belongs to. Addresses are parsed with
// ipaddr.js; IPv4-mapped IPv6 addresses (::ffff:1.2.3.4, as Node reports them) count as IPv4.
import ipaddr from 'ipaddr.js';

interface Node {
  zero?: Node;
  one?: Node;
  label?: string;
}

export interface Cidr {
  bytes: number[];
  bits: number;
  family: 4 | 6;
}

/** `10.0.0.0/8` or `2600:1f00::/24` → its bytes and prefix; undefined when it is not a CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  try {
    const [addr, bits] = ipaddr.parseCIDR(text.trim());
    return { bytes: addr.toByteArray(), bits, family: addr.kind() === 'ipv4' ? 4 : 6 };
  } catch {
    return undefined;
  }
}

/** An address's bytes (IPv4-mapped IPv6 as IPv4); undefined when it is not an address. */
export function addressBytes(text: string): { bytes: number[]; family: 4 | 6 } | undefined {
  if (!ipaddr.isValid(text)) return undefined;
  let a = ipaddr.parse(text);
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
  return { bytes: a.toByteArray(), family: a.kind() === 'ipv4' ? 4 : 6 };
}

const bit = (bytes: number[], i: number): number => (bytes[i >> 3]! >> (7 - (i & 7))) & 1;

export class RangeTable {
  private readonly roots: Record<4 | 6, Node> = { 4: {}, 6: {} };
  size = 0;

  add(cidr: Cidr, label: string): void {
    let node = this.roots[cidr.family];
    for (let i = 0; i < cidr.bits; i++) node = bit(cidr.bytes, i) ? (node.one ??= {}) : (node.zero ??= {});
    node.label = label;
    this.size++;
  }

  /** The label of the longest prefix holding the address; undefined when none does. */
  lookup(address: string): string | undefined {
    if (this.size === 0) return undefined;
    const a = addressBytes(address);
    if (!a) return undefined;
    let node: Node | undefined = this.roots[a.family];
    let found = node.label;
    const total = a.bytes.length * 8;
    for (let i = 0; i < total && node; i++) {
      node = bit(a.bytes, i) ? node.one : node.zero;
      if (node?.label !== undefined) found = node.label;
    }
    return found;
  }
}
