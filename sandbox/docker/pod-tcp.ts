// TCP into the pod without a route into it: each connection is a `docker exec` in the gateway
// (same network namespace as the target) running a tiny node bridge from its stdio to a
// loopback port. Loopback is neither redirected to netsim nor captured, so the harness's own
// traffic is not mistaken for the server's egress. The bridge tries 127.0.0.1, then ::1.
// Limits: one exec per connection (tens of ms to open); a server bound only to the pod's
// non-loopback address cannot be reached (that address is redirected to netsim); reads from
// the sandbox are not flow-controlled towards the engine, so each connection is cut after
// POD_TCP_MAX_BYTES (a cap the report names).
import { Duplex, PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { parseProcNetTcp, MAX_PROC_NET_BYTES } from '../../harness/transports/proc-net-tcp.js';
import { BoundedSink } from './bounded-sink.js';
import { runExec } from './exec.js';

/** The bridge run in the gateway; exits when the connection closes or the harness goes away. */
function bridgeScript(port: number): string {
  return `const net = require('net'); const hosts = ['127.0.0.1', '::1'];
process.stdout.on('error', () => process.exit(0));
const go = (i) => {
  const s = net.connect({ port: ${port}, host: hosts[i] });
  s.once('connect', () => { process.stdin.pipe(s); s.pipe(process.stdout); });
  s.on('error', (e) => {
    if (s.connecting && i + 1 < hosts.length) return go(i + 1);
    process.stderr.write(String(e.code || e.message)); process.exit(1);
  });
  s.on('close', () => process.exit(0));
};
go(0);`;
}

/** Bytes read from one connection into host memory before it is cut (a cap). */
export const POD_TCP_MAX_BYTES = 64 * 1024 * 1024;

/** Open a byte stream to `port` on the pod's loopback; `onCap` hears when one is cut. */
export async function openPodTcp(
  gateway: Docker.Container,
  port: number,
  onCap: () => void = () => undefined,
): Promise<Duplex> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RangeError(`not a TCP port: ${port}`);
  }
  const exec = await gateway.exec({
    Cmd: ['node', '-e', bridgeScript(port)],
    User: '65534:65534',
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  });
  const raw = (await exec.start({ hijack: true, stdin: true })) as Duplex;
  return new PodTcpStream(raw, gateway.modem, onCap);
}

/** Writes go to the exec's stdin, reads come from its demultiplexed stdout. */
class PodTcpStream extends Duplex {
  private readonly out = new PassThrough();

  private received = 0;

  constructor(
    private readonly raw: Duplex,
    modem: Docker.Container['modem'],
    onCap: () => void,
  ) {
    super({ allowHalfOpen: true });
    // The bridge's stderr says only why it failed; kept small and dropped.
    modem.demuxStream(raw, this.out, new BoundedSink(4096));
    this.out.on('data', (d: Buffer) => {
      // What the server sends is hostile: bounded in what it may put into host memory.
      this.received += d.length;
      if (this.received > POD_TCP_MAX_BYTES) {
        onCap();
        this.destroy(new Error(`more than ${POD_TCP_MAX_BYTES} bytes from the server`));
        return;
      }
      if (!this.push(d)) this.out.pause();
    });
    this.out.on('end', () => this.push(null));
    const ended = () => {
      if (!this.out.destroyed) this.out.end();
    };
    raw.on('end', ended);
    raw.on('close', ended);
    raw.on('error', (e: Error) => this.destroy(e));
  }

  override _read(): void {
    this.out.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    if (this.raw.destroyed) done(new Error('pod connection closed'));
    else this.raw.write(chunk, done);
  }

  /** Half-close: the bridge ends its side of the TCP connection and waits for the server's. */
  override _final(done: (e?: Error | null) => void): void {
    this.raw.end();
    done();
  }

  /** Dropping the hijacked connection makes the engine kill the exec. */
  override _destroy(e: Error | null, done: (e?: Error | null) => void): void {
    this.raw.destroy();
    this.out.destroy();
    done(e);
  }
}

/** TCP ports in LISTEN state owned by `uid` in the pod's network namespace. */
export async function listeningTcpPorts(gateway: Docker.Container, uid: number): Promise<number[]> {
  const r = await runExec(gateway, {
    cmd: ['cat', '/proc/net/tcp', '/proc/net/tcp6'],
    timeoutMs: 5000,
    maxBytes: MAX_PROC_NET_BYTES,
  });
  return parseProcNetTcp(r.stdout.toString('latin1'), uid);
}
