// Parses /proc/net/tcp and /proc/net/tcp6 (read out of the pod's network namespace) into the
// TCP ports in LISTEN state owned by one uid: how the harness finds an HTTP server's port.
// The text comes from the sandbox: it is bounded, split, and matched field by field, never
// evaluated. Limits: the listening address is not returned (a server bound only to the pod's
// non-loopback address is listed but cannot be reached over loopback).

/** Most text parsed (the kernel's tables are a few hundred bytes a socket). */
export const MAX_PROC_NET_BYTES = 1024 * 1024;
/** Most ports returned. */
export const MAX_PORTS = 256;

const LISTEN = '0A';
const LOCAL_ADDRESS = /^(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/;

/** Distinct ports, ascending, listened on by `uid` in the given /proc/net/tcp{,6} text. */
export function parseProcNetTcp(text: string, uid: number): number[] {
  const ports = new Set<number>();
  for (const line of text.slice(0, MAX_PROC_NET_BYTES).split('\n')) {
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
    const f = line.trim().split(/\s+/);
    if (f.length < 8 || !/^\d+:$/.test(f[0] ?? '')) continue;
    if (f[3] !== LISTEN || f[7] !== String(uid)) continue;
    const m = LOCAL_ADDRESS.exec(f[1] ?? '');
    const port = m?.[1] ? parseInt(m[1], 16) : 0;
    if (port > 0) ports.add(port);
    if (ports.size >= MAX_PORTS) break;
  }
  return [...ports].sort((a, b) => a - b);
}
