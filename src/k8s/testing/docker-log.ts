// A container's log as the engine returns it for a container without a terminal (frames of
// [stream, 0, 0, 0, size (big-endian u32), payload]) turned into one text, stdout and stderr
// interleaved as written, the way `kubectl logs` shows them. Bounded: at most `maxBytes` are
// kept, and a truncated frame at the end is dropped. Pure.

/** The bound of one container's log (above the kubelet's 10 MiB rotation size). */
export const LOG_MAX_BYTES = 32 * 1024 * 1024;

export function demuxDockerLog(buf: Buffer, maxBytes = LOG_MAX_BYTES): string {
  const parts: Buffer[] = [];
  let kept = 0;
  let at = 0;
  while (at + 8 <= buf.length && kept < maxBytes) {
    const size = buf.readUInt32BE(at + 4);
    const end = at + 8 + size;
    if (end > buf.length) break;
    const take = Math.min(size, maxBytes - kept);
    parts.push(buf.subarray(at + 8, at + 8 + take));
    kept += take;
    at = end;
  }
  return Buffer.concat(parts).toString('utf8');
}
