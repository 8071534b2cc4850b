// The server name (SNI) a TLS client asked for, read from the first bytes of its stream (the
// ClientHello). Pure and bounded; the bytes are hostile: every length is checked before use.
// Limits: a ClientHello split over more bytes than were kept (over 4 KiB, e.g. with large
// post-quantum key shares and a small first read) may end before the extension and gives none;
// Encrypted Client Hello shows only its outer, public name.

/** The host_name of the server_name extension, lower-cased, or undefined. */
export function sniOf(first: Buffer): string | undefined {
  // TLS record: content type 22 (handshake), version 3.x, then the handshake message.
  if (first.length < 9 || first[0] !== 0x16 || first[1] !== 0x03) return undefined;
  if (first[5] !== 0x01) return undefined; // not a ClientHello
  let p = 9; // record header (5) + handshake type (1) + length (3)
  p += 2 + 32; // client version, random
  const sessionLen = first[p];
  if (sessionLen === undefined) return undefined;
  p += 1 + sessionLen;
  const suitesLen = read16(first, p);
  if (suitesLen === undefined) return undefined;
  p += 2 + suitesLen;
  const compLen = first[p];
  if (compLen === undefined) return undefined;
  p += 1 + compLen;
  const extLen = read16(first, p);
  if (extLen === undefined) return undefined;
  p += 2;
  const end = Math.min(first.length, p + extLen);
  while (p + 4 <= end) {
    const type = read16(first, p) ?? -1;
    const len = read16(first, p + 2) ?? 0;
    p += 4;
    if (type === 0) return hostName(first.subarray(p, Math.min(end, p + len)));
    p += len;
  }
  return undefined;
}

function read16(b: Buffer, at: number): number | undefined {
  return at + 2 <= b.length ? b.readUInt16BE(at) : undefined;
}

/** The first host_name entry of a server_name list. */
function hostName(ext: Buffer): string | undefined {
  let p = 2; // list length
  while (p + 3 <= ext.length) {
    const type = ext[p];
    const len = read16(ext, p + 1) ?? 0;
    p += 3;
    if (p + len > ext.length) return undefined;
    if (type === 0) {
      const name = ext.subarray(p, p + len).toString('latin1');
      return /^[\x21-\x7e]{1,255}$/.test(name) ? name.toLowerCase().replace(/\.$/, '') : undefined;
    }
    p += len;
  }
  return undefined;
}
