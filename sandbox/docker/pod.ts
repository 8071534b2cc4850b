// The sandbox pod driver: creates and starts the gateway (waits for netsim's ready line) and the
// target, runs execs in the target, reads netsim's artifacts out of the gateway, and always
// tears both down by force.
import type { Duplex } from 'node:stream';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { AnalyzerError } from '../../src/domain/errors.js';
import type { Plan } from '../../src/domain/types.js';
import { runExec, type ExecOptions, type ExecResult } from './exec.js';
import { execPid } from './exec-pid.js';
import { listeningTcpPorts, openPodTcp } from './pod-tcp.js';
import { removeDockerenv } from './hide-markers.js';
import { gatewaySpec, type PodMounts, targetSpec } from './pod-spec.js';

const READY_LINE = 'NETSIM READY';

export interface AttachedProcess {
  stdin: Duplex;
  stdout: PassThrough;
  stderr: PassThrough;
  /** Resolves with the exit code once the process has ended (null if unknown). */
  exited: Promise<number | null>;
  /** Host pid of the process, when the engine said (for the process trace). */
  pid?: number;
}

export class Pod {
  /** What the pod could not set up as intended (reported, not fatal). */
  readonly notes: string[] = [];

  private constructor(
    private readonly docker: Docker,
    readonly gateway: Docker.Container,
    readonly target: Docker.Container,
  ) {}

  /** Create and start the pod; on any failure, remove what was created and throw. */
  static async start(
    docker: Docker,
    plan: Plan,
    mounts: PodMounts,
    readyTimeoutMs = 30000,
  ): Promise<Pod> {
    let gateway: Docker.Container | undefined;
    let target: Docker.Container | undefined;
    try {
      gateway = await docker.createContainer(gatewaySpec(plan, mounts));
      await gateway.start();
      await waitForReady(gateway, readyTimeoutMs);
      target = await docker.createContainer(targetSpec(plan, gateway.id, mounts));
      const markerNote = await removeDockerenv(target);
      await target.start();
      const pod = new Pod(docker, gateway, target);
      if (markerNote) pod.notes.push(markerNote);
      return pod;
    } catch (e) {
      await Promise.allSettled([target?.remove({ force: true }), gateway?.remove({ force: true })]);
      if (e instanceof AnalyzerError) throw e;
      throw new AnalyzerError('sandbox-failed', `cannot start the sandbox pod: ${String(e)}`, {
        cause: e,
      });
    }
  }

  /** Run a command in the target and collect its bounded output. */
  execInTarget(opts: ExecOptions): Promise<ExecResult> {
    return runExec(this.target, opts);
  }

  /** Start a long-running process in the target with stdin open; stdout/stderr demultiplexed. */
  async attach(cmd: string[], env: string[], workdir: string): Promise<AttachedProcess> {
    const exec = await this.target.exec({
      Cmd: cmd,
      Env: env,
      WorkingDir: workdir,
      User: '1000:1000',
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    });
    const stream = (await exec.start({ hijack: true, stdin: true })) as Duplex;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    this.target.modem.demuxStream(stream, stdout, stderr);
    const exited = new Promise<number | null>((resolve) => {
      const done = () => {
        stdout.end();
        stderr.end();
        exec
          .inspect()
          .then((i) => resolve(i.Running ? null : i.ExitCode))
          .catch(() => resolve(null));
      };
      stream.on('end', done);
      stream.on('close', done);
      stream.on('error', done);
    });
    // Asked only now: the listeners above must be in place before anything is awaited.
    const pid = await execPid(exec);
    return { stdin: stream, stdout, stderr, exited, ...(pid ? { pid } : {}) };
  }

  /** Read a file out of the gateway (netsim logs, the pcap), at most maxBytes. */
  async readGatewayFile(path: string, maxBytes: number): Promise<Buffer> {
    const r = await runExec(this.gateway, {
      cmd: ['head', '-c', String(maxBytes), path],
      timeoutMs: 30000,
      maxBytes,
    });
    return r.stdout;
  }

  /** A byte stream to `port` on the pod's loopback (through an exec in the gateway). */
  openTcp(port: number): Promise<Duplex> {
    return openPodTcp(this.gateway, port);
  }

  /** TCP ports in LISTEN state owned by `uid` in the pod's network namespace. */
  listeningPorts(uid: number): Promise<number[]> {
    return listeningTcpPorts(this.gateway, uid);
  }

  /** Remove both containers by force; never throws. */
  async destroy(): Promise<void> {
    await Promise.allSettled([this.target.remove({ force: true })]);
    await Promise.allSettled([this.gateway.remove({ force: true })]);
  }

  get engine(): Docker {
    return this.docker;
  }
}

/** Follow the gateway's output until netsim says it is ready, or fail with its output. */
async function waitForReady(gateway: Docker.Container, timeoutMs: number): Promise<void> {
  const stream = (await gateway.logs({
    follow: true,
    stdout: true,
    stderr: true,
  })) as unknown as NodeJS.ReadableStream & {
    destroy(): void;
  };
  const out = new PassThrough();
  gateway.modem.demuxStream(stream, out, out);
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.destroy();
      reject(
        new AnalyzerError(
          'sandbox-failed',
          `gateway not ready in ${timeoutMs} ms: ${seen.slice(-2000)}`,
        ),
      );
    }, timeoutMs);
    out.on('data', (d: Buffer) => {
      seen = (seen + d.toString('utf8')).slice(-8000);
      if (seen.includes(READY_LINE)) {
        clearTimeout(timer);
        stream.destroy();
        resolve();
      }
    });
    stream.on('end', () => {
      clearTimeout(timer);
      if (seen.includes(READY_LINE)) resolve();
      else
        reject(
          new AnalyzerError('sandbox-failed', `gateway exited before ready: ${seen.slice(-2000)}`),
        );
    });
  });
}
