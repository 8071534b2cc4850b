// The fake internet's address book: every name gets a stable fake address, so a later
// connection to that address names the host it was looked up for. IPv4 answers come from
// 198.18.0.0/15 (benchmarking range), IPv6 from 2001:db8:a1::/48 (documentation range).
import { createHash } from 'node:crypto';

export class FakeAddressBook {
  private readonly v4 = new Map<string, string>();
  private readonly v6 = new Map<string, string>();
  private readonly used = new Set<string>();

  /** The fake IPv4 address for a name (same name, same address, for the life of the run). */
  ipv4(name: string): string {
    return this.assign(this.v4, name.toLowerCase(), (n) => {
      const v = n % (1 << 17);
      return `198.${18 + (v >> 16)}.${(v >> 8) & 0xff}.${v & 0xff || 1}`;
    });
  }

  /** The fake IPv6 address for a name. */
  ipv6(name: string): string {
    return this.assign(this.v6, name.toLowerCase(), (n) => {
      const v = n % 0x10000;
      const w = Math.floor(n / 0x10000) % 0x10000;
      // Canonical (RFC 5952) text, as the capture and conntrack print it: no `::0:` group.
      return `2001:db8:a1::${w ? `${w.toString(16)}:` : ''}${(v || 1).toString(16)}`;
    });
  }

  private assign(map: Map<string, string>, name: string, make: (n: number) => string): string {
    const known = map.get(name);
    if (known) return known;
    let n = createHash('sha256').update(name).digest().readUInt32BE(0);
    let ip = make(n);
    while (this.used.has(ip)) {
      n += 1;
      ip = make(n);
    }
    this.used.add(ip);
    map.set(name, ip);
    return ip;
  }
}
