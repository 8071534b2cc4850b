// The fake internet's address book: every name gets a stable fake address, so a later
// connection to that address names the host it was looked up for. IPv4 answers come from
// 198.18.0.0/15 (benchmarking range), IPv6 from 2001:db8:a1::/48 (documentation range).
import { createHash, createHmac } from 'node:crypto';

/** The book's hash of a name: keyed with the run's secret when there is one, so nobody who
 * reads this code can pick a name that lands on another name's address. */
function hashOf(name: string, key: string | undefined): number {
  const h = key ? createHmac('sha256', key) : createHash('sha256');
  return h.update(name.toLowerCase()).digest().readUInt32BE(0);
}

/** The address a name gets when nothing else holds it yet (the book's first choice): lets the
 * host confirm a claimed name for an address whose lookup went unlogged. */
export function firstChoiceAddresses(name: string, key?: string): { v4: string; v6: string } {
  const n = hashOf(name, key);
  return { v4: v4Of(n), v6: v6Of(n) };
}

function v4Of(n: number): string {
  const v = n % (1 << 17);
  return `198.${18 + (v >> 16)}.${(v >> 8) & 0xff}.${v & 0xff || 1}`;
}

function v6Of(n: number): string {
  const v = n % 0x10000;
  const w = Math.floor(n / 0x10000) % 0x10000;
  // Canonical (RFC 5952) text, as the capture and conntrack print it: no `::0:` group.
  return `2001:db8:a1::${w ? `${w.toString(16)}:` : ''}${(v || 1).toString(16)}`;
}

export class FakeAddressBook {
  /** `key`: the run's secret for the address hash (see hashOf). */
  constructor(private readonly key?: string) {}

  private readonly v4 = new Map<string, string>();
  private readonly v6 = new Map<string, string>();
  private readonly used = new Set<string>();

  /** The fake IPv4 address for a name (same name, same address, for the life of the run). */
  ipv4(name: string): string {
    return this.assign(this.v4, name.toLowerCase(), v4Of);
  }

  /** The fake IPv6 address for a name. */
  ipv6(name: string): string {
    return this.assign(this.v6, name.toLowerCase(), v6Of);
  }

  private assign(map: Map<string, string>, name: string, make: (n: number) => string): string {
    const known = map.get(name);
    if (known) return known;
    let n = hashOf(name, this.key);
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
