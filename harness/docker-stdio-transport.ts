// An MCP Transport over a process attached in the target container: newline-delimited JSON-RPC
// on its stdin/stdout, the only port between the harness and the server. Lines are bounded;
// unparsable lines are counted and reported through onerror, never evaluated.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { AttachedProcess } from '../sandbox/docker/pod.js';
import { LineSplitter } from './line-splitter.js';

export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export class DockerStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** Lines on stdout that were not JSON-RPC (servers that log to stdout). */
  junkLines = 0;
  /** The protocol version the client negotiated (the SDK tells the transport). */
  protocolVersion?: string;
  private closed = false;

  constructor(
    private readonly proc: AttachedProcess,
    private readonly onOversize?: (bytes: number) => void,
  ) {}

  async start(): Promise<void> {
    const splitter = new LineSplitter(
      MAX_MESSAGE_BYTES,
      (line) => this.handleLine(line),
      (bytes) => {
        this.onOversize?.(bytes);
        this.onerror?.(new Error(`dropped a ${bytes}-byte line from the server`));
      },
    );
    this.proc.stdout.on('data', (chunk: Buffer) => splitter.push(chunk));
    this.proc.stdout.on('end', () => this.finish());
    this.proc.stdin.on('error', (e: Error) => this.onerror?.(e));
  }

  private handleLine(line: string): void {
    if (!line.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      this.junkLines += 1;
      return;
    }
    const msg = JSONRPCMessageSchema.safeParse(parsed);
    if (!msg.success) {
      this.junkLines += 1;
      this.onerror?.(new Error('server sent a line that is not JSON-RPC'));
      return;
    }
    this.onmessage?.(msg.data);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error('server process has ended');
    await new Promise<void>((resolve, reject) => {
      this.proc.stdin.write(`${JSON.stringify(message)}\n`, (e) => (e ? reject(e) : resolve()));
    });
  }

  setProtocolVersion(version: string): void {
    this.protocolVersion = version.slice(0, 64);
  }

  async close(): Promise<void> {
    this.proc.stdin.end();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }
}
