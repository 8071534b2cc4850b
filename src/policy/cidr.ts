// IP addresses and ranges for policy egress entries: parse them strictly (a typo in a policy is
// an error, not a range that matches something else) and test whether an observed address lies
// in one. Pure: no node:net. An IPv4-mapped IPv6 address (::ffff:192.0.2.1) is the IPv4 address
// it maps, so an IPv4 range covers it (and an IPv6 range shorter than /96 does not). Zone ids
// (fe80::1%eth0) are not accepted.

export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

export interface Cidr {
  family: 4 | 6;
  /** The network address (host bits zero). */
  value: bigint;
  prefix: number;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseV4(text: string): bigint | undefined {
  const m = V4.exec(text);
  if (!m) return undefined;
  let value = 0n;
  for (const part of m.slice(1)) {
    // a leading zero reads as octal to some tools: refuse it rather than guess
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseGroups(text: string): bigint[] | undefined {
  if (text === '') return [];
  const out: bigint[] = [];
  for (const g of text.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    out.push(BigInt(`0x${g}`));
  }
  return out;
}

function parseV6(text: string): bigint | undefined {
  let body = text;
  let tail: bigint[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.')) {
    const v4 = parseV4(body.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    // keep a trailing ':' when the v4 part follows '::'
    body = body.slice(0, lastColon + 1);
    body = body.endsWith('::') ? body : body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (!head || !rest) return undefined;
  const given = [...head, ...rest, ...tail];
  if (halves.length === 2 ? given.length > 7 : given.length !== 8) return undefined;
  const fill = Array<bigint>(8 - given.length).fill(0n);
  const groups = [...head, ...fill, ...rest, ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** Parses an IPv4 or IPv6 address (IPv6 brackets allowed); undefined when it is not one. */
export function parseIp(text: string): IpAddress | undefined {
  const t = text.trim().replace(/^\[(.*)\]$/, '$1');
  if (t.includes(':')) {
    const v = parseV6(t);
    if (v === undefined) return undefined;
    // IPv4-mapped: compare as the IPv4 address
    if (v >> 32n === 0xffffn) return { family: 4, value: v & 0xffffffffn };
    return { family: 6, value: v };
  }
  const v = parseV4(t);
  return v === undefined ? undefined : { family: 4, value: v };
}

/** A canonical text key for an address, so two spellings of one address compare equal. */
export function ipKey(text: string): string | undefined {
  const ip = parseIp(text);
  return ip ? `${ip.family}:${ip.value.toString(16)}` : undefined;
}

/** Parses `addr` or `addr/prefix`; the error says what is wrong in a few words. */
export function parseCidr(text: string): { cidr: Cidr } | { error: string } {
  const [addr = '', prefixText, extra] = text.split('/');
  if (extra !== undefined) return { error: 'has more than one "/"' };
  const raw = addr.includes(':') ? parseV6(addr) : parseV4(addr);
  if (raw === undefined) return { error: `"${addr}" is not an IPv4 or IPv6 address` };
  const family: 4 | 6 = addr.includes(':') ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  let prefix = bits;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits)
      return { error: `prefix "/${prefixText}" must be between /0 and /${bits}` };
    prefix = Number(prefixText);
  }
  const hostBits = BigInt(bits - prefix);
  const network = (raw >> hostBits) << hostBits;
  if (network !== raw)
    return {
      error: `has host bits set (the range is ${formatNetwork(family, network)}/${prefix})`,
    };
  // an IPv4-mapped range is the IPv4 range (addresses are compared that way, see parseIp)
  if (family === 6 && prefix >= 96 && raw >> 32n === 0xffffn)
    return { cidr: { family: 4, value: raw & 0xffffffffn, prefix: prefix - 96 } };
  return { cidr: { family, value: raw, prefix } };
}

/** True when `ip` (as observed) lies in the range. */
export function cidrContains(cidr: Cidr, ip: string): boolean {
  const addr = parseIp(ip);
  if (!addr || addr.family !== cidr.family) return false;
  const hostBits = BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefix);
  return addr.value >> hostBits === cidr.value >> hostBits;
}

function formatNetwork(family: 4 | 6, value: bigint): string {
  if (family === 4)
    return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 0xffn).toString()).join('.');
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((value >> s) & 0xffffn).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}
