// Recovers the original destination of a REDIRECTed connection from /proc/net/nf_conntrack
// (Node has no SO_ORIGINAL_DST). Match: protocol, the client's source port in the original
// tuple and our listening port as the reply's source port. Limit: an entry that has already
// expired (UDP after 30 s of silence) is not found; callers record the flow with dst unknown.

export interface OriginalDst {
  family: 4 | 6;
  dstIp: string;
  dstPort: number;
}

const LINE =
  /^(ipv[46])\s+\d+\s+(tcp|udp)\s.*?\bdst=(\S+)\s+sport=(\d+)\s+dport=(\d+)\s.*?\bsrc=\S+\s+dst=\S+\s+sport=(\d+)\s/;

/** Every redirected flow of a conntrack text, keyed by `proto|client port|our port`. */
export function indexConntrack(text: string): Map<string, OriginalDst> {
  const out = new Map<string, OriginalDst>();
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [, fam, proto, dst, sport, dport, replySport] = m;
    const key = `${proto}|${sport}|${replySport}`;
    if (out.has(key) || !dst) continue;
    const family = fam === 'ipv6' ? 6 : 4;
    out.set(key, { family, dstIp: normalizeIp(dst, family), dstPort: Number(dport) });
  }
  return out;
}

/**
 * Original destinations for flows as they arrive, reading conntrack as rarely as a flood
 * allows: every lookup in one turn of the event loop shares one read, and a lookup is only
 * answered from a read made after it was asked (so a reused client port never gets an older
 * flow's destination). A flood of connections costs one read per turn, not one per connection.
 */
export class ConntrackReader {
  private snapshot = new Map<string, OriginalDst>();
  private takenAt = -1;
  private waiters: (() => void)[] = [];
  private scheduled = false;

  /** `minGapMs`: reads are at least this far apart, so a flood costs a bounded share of CPU
   * (lookups wait for the next read instead). */
  constructor(
    private readonly read: () => string,
    private readonly now: () => number = () => performance.now(),
    private readonly minGapMs = 20,
  ) {}

  async lookup(
    proto: 'tcp' | 'udp',
    clientPort: number,
    listenPort: number,
  ): Promise<OriginalDst | undefined> {
    const askedAt = this.now();
    if (this.takenAt <= askedAt) await this.refresh();
    return this.snapshot.get(`${proto}|${clientPort}|${listenPort}`);
  }

  private refresh(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      if (this.scheduled) return;
      this.scheduled = true;
      const wait = this.takenAt < 0 ? 0 : this.takenAt + this.minGapMs - this.now();
      const later = (fn: () => void) => (wait > 0 ? setTimeout(fn, wait) : setImmediate(fn));
      later(() => {
        this.scheduled = false;
        const waiting = this.waiters;
        this.waiters = [];
        this.takenAt = this.now();
        try {
          this.snapshot = indexConntrack(this.read());
        } catch {
          this.snapshot = new Map();
        }
        for (const w of waiting) w();
      });
    });
  }
}

/** Parse conntrack text and find the original destination of (proto, client port -> our port). */
export function findOriginalDst(
  text: string,
  proto: 'tcp' | 'udp',
  clientPort: number,
  listenPort: number,
): OriginalDst | undefined {
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 6 || fields[2] !== proto) continue;
    const kv = fields.filter((f) => f.includes('=')).map((f) => f.split('=') as [string, string]);
    const srcs = kv.filter(([k]) => k === 'src').map(([, v]) => v);
    const dsts = kv.filter(([k]) => k === 'dst').map(([, v]) => v);
    const sports = kv.filter(([k]) => k === 'sport').map(([, v]) => Number(v));
    const dports = kv.filter(([k]) => k === 'dport').map(([, v]) => Number(v));
    if (srcs.length < 2 || dsts[0] === undefined || dports[0] === undefined) continue;
    if (sports[0] !== clientPort || sports[1] !== listenPort) continue;
    const family = fields[0] === 'ipv6' ? 6 : 4;
    return { family, dstIp: normalizeIp(dsts[0], family), dstPort: dports[0] };
  }
  return undefined;
}

/** Canonical text form (RFC 5952 for IPv6) so addresses compare equal across sources. */
export function normalizeIp(ip: string, family: 4 | 6): string {
  if (family === 4) return ip;
  const halves = ip.toLowerCase().split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  const groups = [...head, ...Array<string>(Math.max(0, missing)).fill('0'), ...tail].map((g) =>
    (parseInt(g, 16) || 0).toString(16),
  );
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== '0') {
      i += 1;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j += 1;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}
