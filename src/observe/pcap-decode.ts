// Decodes the pcap written by `tcpdump -i nflog:N -U -w file.pcap` inside the sandbox pod into
// plain records (who talked to whom, on which port), so egress can be reported without a proxy.
//
// Limits: the capture holds only the first packet of each new outbound flow, taken before NAT, so
// nothing here reassembles streams, follows flows or reads application data. Classic pcap only
// (pcapng throws). Link types: NFLOG 239, RAW 101/228/229, Ethernet 1, Linux cooked 113/276.
// Hostile input never throws except a wrong magic / short global header: a truncated record stops
// decoding and counts as malformed; an undecodable frame counts as malformed and is skipped;
// a well-formed non-IP frame (ARP, ...) counts as skipped. Every length is bounds-checked and
// frames are sliced (never copied), so memory stays proportional to the input buffer.

export interface PcapPacket {
  /** Capture time, epoch milliseconds (fractional for µs/ns precision). */
  ts: number;
  family: 4 | 6;
  protocol: 'tcp' | 'udp' | 'icmp' | 'other';
  /** IP protocol / IPv6 next header of the transport layer (e.g. 6, 17, 1, 58). */
  ipProto: number;
  src: string;
  dst: string;
  /** 0 when the protocol has no ports, the packet is a non-first fragment, or it is truncated. */
  srcPort: number;
  dstPort: number;
  /** TCP flags byte (0x02 = SYN, 0x10 = ACK, ...), only for TCP when present in the capture. */
  tcpFlags?: number;
  /** Bytes after the transport header, from the IP length fields (not the captured length). */
  payloadLength: number;
}

export interface DecodedPcap {
  linkType: number;
  packets: PcapPacket[];
  malformed: number;
  /** Well-formed frames that carry no IP (ARP, ...), or records of an unsupported link type. */
  skipped: number;
}

export const LINKTYPE = {
  ETHERNET: 1,
  RAW: 101,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  NFLOG: 239,
  LINUX_SLL2: 276,
} as const;

const NFULA_PAYLOAD = 9;
const PROTOCOLS: Partial<Record<number, PcapPacket['protocol']>> = {
  6: 'tcp',
  17: 'udp',
  1: 'icmp',
  58: 'icmp',
};
type Transport = Omit<PcapPacket, 'ts' | 'family' | 'src' | 'dst'>;
const MAX_IPV6_EXT_HEADERS = 16;
// Hop-by-hop, routing, fragment, destination options, authentication header.
const EXT_HEADERS = new Set([0, 43, 44, 60, 51]);

/**
 * Decodes a whole classic pcap file held in memory. Throws only when the buffer is not a classic
 * pcap file (message starts with 'not a classic pcap file').
 */
export function decodePcap(buf: Buffer, opts: { maxPackets?: number } = {}): DecodedPcap {
  const maxPackets = opts.maxPackets ?? 100_000;
  if (buf.length < 24) throw new Error('not a classic pcap file (shorter than the 24-byte header)');
  const magicBE = buf.readUInt32BE(0);
  const magicLE = buf.readUInt32LE(0);
  const le = magicLE === 0xa1b2c3d4 || magicLE === 0xa1b23c4d;
  if (!le && magicBE !== 0xa1b2c3d4 && magicBE !== 0xa1b23c4d) {
    const hint = magicBE === 0x0a0d0d0a ? ', looks like pcapng' : '';
    throw new Error(`not a classic pcap file (magic 0x${magicBE.toString(16)}${hint})`);
  }
  const nano = (le ? magicLE : magicBE) === 0xa1b23c4d;
  const u32 = (off: number): number => (le ? buf.readUInt32LE(off) : buf.readUInt32BE(off));
  // The upper 16 bits of the link-type field carry FCS information, not the link type.
  const linkType = u32(20) & 0xffff;
  const out: DecodedPcap = { linkType, packets: [], malformed: 0, skipped: 0 };
  let off = 24;
  while (off < buf.length && out.packets.length < maxPackets) {
    if (buf.length - off < 16) {
      out.malformed++; // truncated record header: nothing after it can be trusted
      break;
    }
    const sec = u32(off);
    const frac = u32(off + 4);
    const inclLen = u32(off + 8);
    off += 16;
    if (inclLen > buf.length - off) {
      out.malformed++; // truncated (or lying) record body
      break;
    }
    const frame = buf.subarray(off, off + inclLen);
    off += inclLen;
    const ip = linkPayload(linkType, frame, le);
    if (ip === 'skip') {
      out.skipped++;
      continue;
    }
    const decoded = ip && decodeIp(ip);
    if (!decoded) {
      out.malformed++;
      continue;
    }
    out.packets.push({ ts: sec * 1000 + (nano ? frac / 1e6 : frac / 1e3), ...decoded });
  }
  return out;
}

/** The IP packet inside one link-layer frame, 'skip' for non-IP frames, undefined if malformed. */
function linkPayload(linkType: number, frame: Buffer, le: boolean): Buffer | 'skip' | undefined {
  switch (linkType) {
    case LINKTYPE.NFLOG:
      return decodeNflog(frame, le)?.payload;
    case LINKTYPE.RAW:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      return frame;
    case LINKTYPE.ETHERNET: {
      let off = 12;
      for (let tags = 0; off + 2 <= frame.length; tags++) {
        const type = frame.readUInt16BE(off);
        if ((type === 0x8100 || type === 0x88a8 || type === 0x9100) && tags < 2) off += 4;
        else return etherTypePayload(type, frame.subarray(off + 2));
      }
      return undefined;
    }
    case LINKTYPE.LINUX_SLL:
      return frame.length < 16
        ? undefined
        : etherTypePayload(frame.readUInt16BE(14), frame.subarray(16));
    case LINKTYPE.LINUX_SLL2:
      return frame.length < 20
        ? undefined
        : etherTypePayload(frame.readUInt16BE(0), frame.subarray(20));
    default:
      return 'skip';
  }
}

function etherTypePayload(type: number, rest: Buffer): Buffer | 'skip' {
  return type === 0x0800 || type === 0x86dd ? rest : 'skip';
}

/**
 * Splits one LINKTYPE_NFLOG frame: a 4-byte nfgenmsg header (family, version, big-endian resource
 * id), then TLVs whose length (incl. the 4-byte TLV header) and type are in the capturing host's
 * byte order - little-endian on x86/arm64, and in any case the byte order of the pcap file itself
 * (pass `littleEndian` accordingly). TLVs are padded to 4 bytes. Returns the NFULA_PAYLOAD (type 9)
 * contents, clamped to the captured bytes if the capture was cut short by the snap length.
 */
export function decodeNflog(
  frame: Buffer,
  littleEndian = true,
): { family: number; payload: Buffer } | undefined {
  if (frame.length < 4) return undefined;
  const family = frame.readUInt8(0);
  const u16 = (off: number): number =>
    littleEndian ? frame.readUInt16LE(off) : frame.readUInt16BE(off);
  let off = 4;
  while (frame.length - off >= 4) {
    const len = u16(off);
    const type = u16(off + 2) & 0x7fff; // top bit flags a nested attribute
    if (len < 4) return undefined; // would never advance: corrupt
    if (type === NFULA_PAYLOAD) {
      return { family, payload: frame.subarray(off + 4, Math.min(off + len, frame.length)) };
    }
    off += (len + 3) & ~3;
  }
  return undefined;
}

/** Decodes an IPv4 or IPv6 packet (version taken from the first nibble). */
export function decodeIp(packet: Buffer): Omit<PcapPacket, 'ts'> | undefined {
  if (packet.length < 1) return undefined;
  const version = packet.readUInt8(0) >> 4;
  if (version === 4) return decodeIpv4(packet);
  if (version === 6) return decodeIpv6(packet);
  return undefined;
}

function decodeIpv4(p: Buffer): Omit<PcapPacket, 'ts'> | undefined {
  if (p.length < 20) return undefined;
  const hdrLen = (p.readUInt8(0) & 0x0f) * 4;
  if (hdrLen < 20 || hdrLen > p.length) return undefined;
  const totalLen = p.readUInt16BE(2);
  // A total length of 0 (segmentation offload) or shorter than the header: trust the capture.
  const ipLen = totalLen >= hdrLen ? totalLen : p.length;
  const firstFragment = (p.readUInt16BE(6) & 0x1fff) === 0;
  const ipProto = p.readUInt8(9);
  const src = [...p.subarray(12, 16)].join('.');
  const dst = [...p.subarray(16, 20)].join('.');
  const l4 = p.subarray(hdrLen, Math.min(ipLen, p.length));
  return { family: 4, src, dst, ...transport(ipProto, l4, ipLen - hdrLen, firstFragment) };
}

function decodeIpv6(p: Buffer): Omit<PcapPacket, 'ts'> | undefined {
  if (p.length < 40) return undefined;
  const declared = p.readUInt16BE(4);
  // Payload length 0 means a jumbogram (or offload): fall back to what was captured.
  const ipLen = declared > 0 ? 40 + declared : p.length;
  const end = Math.min(ipLen, p.length);
  let next = p.readUInt8(6);
  let off = 40;
  let hasL4Header = true; // false for non-first fragments and cut-short extension chains
  for (let i = 0; i < MAX_IPV6_EXT_HEADERS && hasL4Header && EXT_HEADERS.has(next); i++) {
    if (end - off < 8) {
      hasL4Header = false; // `next` stays the extension header type: reported as 'other'
      break;
    }
    const after = p.readUInt8(off);
    if (next === 44) hasL4Header = p.readUInt16BE(off + 2) >> 3 === 0; // fragment offset 0
    if (next === 44) off += 8;
    else off += next === 51 ? (p.readUInt8(off + 1) + 2) * 4 : (p.readUInt8(off + 1) + 1) * 8;
    next = after;
  }
  const l4 = off <= end ? p.subarray(off, end) : Buffer.alloc(0);
  const src = formatIpv6(p.subarray(8, 24));
  const dst = formatIpv6(p.subarray(24, 40));
  return { family: 6, src, dst, ...transport(next, l4, ipLen - off, hasL4Header) };
}

/** Ports, flags and payload length from the (possibly truncated) transport header. */
function transport(ipProto: number, l4: Buffer, l4Len: number, hasL4Header: boolean): Transport {
  const protocol = PROTOCOLS[ipProto] ?? 'other';
  const res: Transport = { protocol, ipProto, srcPort: 0, dstPort: 0, payloadLength: l4Len };
  if (!hasL4Header) return { ...res, payloadLength: Math.max(0, l4Len) };
  let hdrLen = protocol === 'udp' || protocol === 'icmp' ? 8 : 0;
  if ((protocol === 'tcp' || protocol === 'udp') && l4.length >= 4) {
    res.srcPort = l4.readUInt16BE(0);
    res.dstPort = l4.readUInt16BE(2);
  }
  if (protocol === 'tcp') {
    hdrLen = l4.length >= 13 ? Math.max(20, (l4.readUInt8(12) >> 4) * 4) : 20;
    if (l4.length >= 14) res.tcpFlags = l4.readUInt8(13);
  }
  res.payloadLength = Math.max(0, l4Len - hdrLen);
  return res;
}

/**
 * Formats 16 bytes as an IPv6 address the way Node's `net` (libuv inet_ntop) prints it: lower-case
 * hex without leading zeros, the longest run (>= 2) of zero groups shortened to `::` (leftmost on a
 * tie, RFC 5952), and `::ffff:a.b.c.d` / `::a.b.c.d` for IPv4-mapped / -compatible addresses.
 */
export function formatIpv6(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError('an IPv6 address is 16 bytes');
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, 16);
  const words = Array.from({ length: 8 }, (_, i) => b.readUInt16BE(i * 2));
  let best = { base: -1, len: 0 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > best.len) best = { base: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.len < 2) best = { base: -1, len: 0 };
  const v4 = `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  if (best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff))) {
    return best.len === 6 ? `::${v4}` : `::ffff:${v4}`;
  }
  const hex = words.map((w) => w.toString(16));
  if (best.base < 0) return hex.join(':');
  const head = hex.slice(0, best.base).join(':');
  const tail = hex.slice(best.base + best.len).join(':');
  return `${head}::${tail}`;
}
