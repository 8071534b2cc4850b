// Reads from our own containers through the host's /proc instead of a Docker exec (about 100 ms
// each): a file of the gateway's (netsim's log, the capture) and whether one of its helpers is
// still running. Only where the host is root and shares the engine's pid namespace; otherwise
// undefined, and the caller execs as before.
// The files are written by netsim and tcpdump, which parse hostile bytes: the last path
// component is opened with O_NOFOLLOW and must be a regular file, so a link left there cannot
// make us read a file of the host's (the folders above are the image's read-only root and tmpfs
// mount points, which cannot be swapped for links).
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { descendants } from '../activity-probe.js';

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** At most maxBytes of `path` inside the container whose process 1 is `pid`. */
export function readThroughProc(pid: number, path: string, maxBytes: number): Buffer | undefined {
  if (!isRoot() || !path.startsWith('/') || path.includes('/../')) return undefined;
  return readRegularNoFollow(`/proc/${pid}/root${path}`, maxBytes);
}

/**
 * At most maxBytes of a regular file, its last component opened with O_NOFOLLOW; undefined
 * when it is missing, a link or not a regular file. (Also the Kubernetes runner's read of the
 * gateway's files, which it mounts read-only: src/k8s/in-pod.ts.)
 */
export function readRegularNoFollow(path: string, maxBytes: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    const st = fstatSync(fd);
    if (!st.isFile()) return undefined;
    const buf = Buffer.alloc(Math.min(maxBytes, st.size));
    let n = 0;
    while (n < buf.length) {
      const got = readSync(fd, buf, n, buf.length - n, n);
      if (got <= 0) break;
      n += got;
    }
    return buf.subarray(0, n);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whether a process named `name` runs below `pid` (its descendants); undefined if unreadable. */
export function processNamedUnder(pid: number, name: string): boolean | undefined {
  if (!isRoot()) return undefined;
  try {
    readFileSync(`/proc/${pid}/stat`);
  } catch {
    return undefined;
  }
  return descendants([pid]).some((p) => {
    try {
      return readFileSync(`/proc/${p}/comm`, 'utf8').trim() === name;
    } catch {
      return false;
    }
  });
}
