// The package's TCP sockets that are mid-conversation, from /proc/net/tcp and tcp6 of the pod's
// network namespace: a connect still in progress (SYN_SENT), or bytes queued either way (sent and
// not yet acknowledged, or received and not yet read by the package). An idle keep-alive
// connection is not busy: it can stay open for seconds without meaning a send is coming.
// Limits: a snapshot; a flow that opens and closes between two snapshots is seen only through
// netsim's and the capture's growth (harness/quiet-wait.ts). UDP is not read (netsim answers
// DNS at once; a datagram is logged as it arrives).

export interface SocketActivity {
  /** Connections still being opened by the package. */
  connecting: number;
  /** Connections with bytes in a queue. */
  inFlight: number;
}

const SYN_SENT = 0x02;
const LISTEN = 0x0a;

/** Count the busy sockets owned by `uid` in one /proc/net/tcp{,6} text (bounded lines). */
export function socketActivity(text: string, uid: number, maxLines = 20_000): SocketActivity {
  const out: SocketActivity = { connecting: 0, inFlight: 0 };
  const lines = text.split('\n', maxLines + 1).slice(1);
  for (const line of lines) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8 || Number(f[7]) !== uid) continue;
    const state = parseInt(f[3] ?? '', 16);
    if (state === LISTEN) continue;
    if (state === SYN_SENT) {
      out.connecting += 1;
      continue;
    }
    const [tx, rx] = (f[4] ?? '').split(':').map((h) => parseInt(h, 16));
    if ((tx ?? 0) > 0 || (rx ?? 0) > 0) out.inFlight += 1;
  }
  return out;
}
