// Opens the MCP transport to a launched server: its stdio, or Streamable HTTP / legacy HTTP+SSE
// to its port inside the pod, reached through the pod's loopback (podFetch over PodNetwork),
// never through a host port. For HTTP it first waits for the server to listen (the given port,
// or the lowest port its uid listens on), failing fast when the process dies. Limits: the
// server must listen on loopback or a wildcard address; the server's stdout is not read here.
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Duplex } from 'node:stream';
import type { ObservationGap, ServerTransport } from '../../src/domain/types.js';
import type { AttachedProcess } from '../../sandbox/docker/pod.js';
import { DockerStdioTransport, MAX_MESSAGE_BYTES } from '../docker-stdio-transport.js';
import { podFetch } from './pod-fetch.js';

/** What openTransport needs of the pod (Pod implements it). */
export interface PodNetwork {
  openTcp(port: number): Promise<Duplex>;
  listeningPorts(uid: number): Promise<number[]>;
}

export interface OpenTransportOptions {
  /** How long the server may take to listen (HTTP transports). */
  startupMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** The server's uid in the pod (1000 unless told). */
  uid?: number;
  /** A limit reached while reading the server (a message over the size limit). */
  onGap?: (g: ObservationGap) => void;
}

/** A transport that tells which protocol version the client negotiated, after connect. */
export type VersionedTransport = Transport & { readonly protocolVersion?: string };

export interface OpenedTransport {
  transport: VersionedTransport;
  /** The port the server listens on (HTTP transports only). */
  port?: number;
}

const POLL_MS = 200;
const SERVER_UID = 1000;

/** The SDK's SSE transport does not expose the version it is told; this one does. */
class VersionedSSEClientTransport extends SSEClientTransport {
  protocolVersion?: string;
  override setProtocolVersion(version: string): void {
    super.setProtocolVersion(version);
    this.protocolVersion = version.slice(0, 64);
  }
}

/** The transport to the launched server: its stdio, or HTTP to its port inside the pod. */
export async function openTransport(
  endpoint: ServerTransport,
  proc: AttachedProcess,
  net: PodNetwork,
  opts: OpenTransportOptions,
): Promise<OpenedTransport> {
  if (endpoint.kind === 'stdio')
    return {
      transport: new DockerStdioTransport(proc, () =>
        opts.onGap?.({
          kind: 'cap',
          what: 'MCP message size',
          detail: `${MAX_MESSAGE_BYTES} bytes: a larger message was dropped`,
        }),
      ),
    };
  const port = await waitForPort(endpoint.port, proc, net, opts);
  const fetch = podFetch((p) => net.openTcp(p));
  const path = endpoint.path.startsWith('/') ? endpoint.path : `/${endpoint.path}`;
  const url = new URL(`http://127.0.0.1:${port}${path}`);
  const transport =
    endpoint.kind === 'streamable-http'
      ? new StreamableHTTPClientTransport(url, { fetch })
      : new VersionedSSEClientTransport(url, { fetch, eventSourceInit: { fetch } });
  return { transport, port };
}

/** Poll until the server listens (on `wanted`, or on any port); throw if it dies or times out. */
async function waitForPort(
  wanted: number | undefined,
  proc: AttachedProcess,
  net: PodNetwork,
  opts: OpenTransportOptions,
): Promise<number> {
  const uid = opts.uid ?? SERVER_UID;
  let exit: { code: number | null } | undefined;
  const exited = proc.exited.then(
    (code) => (exit = { code }),
    () => (exit = { code: null }),
  );
  const what = wanted === undefined ? 'any TCP port' : `TCP port ${wanted}`;
  const deadline = opts.now() + opts.startupMs;
  for (;;) {
    if (exit) throw new Error(`the server exited (code ${exit.code}) before listening on ${what}`);
    const ports = await net.listeningPorts(uid);
    const port = wanted === undefined ? ports[0] : ports.find((p) => p === wanted);
    if (port !== undefined) return port;
    if (opts.now() >= deadline) {
      throw new Error(`the server did not listen on ${what} within ${opts.startupMs} ms`);
    }
    await Promise.race([opts.sleep(POLL_MS), exited]);
  }
}
