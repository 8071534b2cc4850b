// The harness: connects the real MCP SDK client to the server in the target, lists its tools
// (following pagination) and calls each with schema-generated arguments, recording phase and
// call windows for attribution. A crash, hang or protocol error is recorded as the call's
// outcome; a dead server is restarted (bounded) and the remaining calls go on.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type {
  CallRecord,
  CallWindow,
  PhaseWindow,
  ServerRun,
  ToolDefinition,
} from '../src/domain/types.js';
import type { AttachedProcess } from '../sandbox/docker/pod.js';
import { BoundedText } from './bounded-text.js';
import { DockerStdioTransport } from './docker-stdio-transport.js';
import { generateArguments } from './inputs/generate-args.js';
import { errorText, excerptResult, outcomeOfError, outcomeOfResult } from './outcome.js';

export interface SessionOptions {
  seed: number;
  rounds: number;
  startupMs: number;
  callMs: number;
  settleMs: number;
  /** Time the server keeps running after the last call (delayed sends land in it). */
  lingerMs: number;
  /** Epoch ms after which no new call starts. */
  deadline: number;
  maxRestarts: number;
  maxTools: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Runs after enumeration and after each call (file checkpoints); its time is not a call's. */
  checkpoint?: () => Promise<void>;
}

/** A call's result text, bounded, kept for canary matching (not written to the report). */
export interface ResultText {
  callId: string;
  tool: string;
  t: number;
  text: string;
}

const RESULT_TEXT_MAX = 64 * 1024;

export interface SessionResult {
  server: ServerRun;
  tools: ToolDefinition[];
  calls: CallRecord[];
  phases: PhaseWindow[];
  callWindows: CallWindow[];
  restarts: { at: number; cause: string }[];
  notes: string[];
  results: ResultText[];
  /** Host pids of every server process launched (first launch and restarts). */
  serverPids: number[];
}

interface Live {
  client: Client;
  transport: DockerStdioTransport;
  proc: AttachedProcess;
  alive: boolean;
}

const CLIENT_INFO = { name: 'claude-code', version: '2.1.0' };

export async function runSession(
  launch: () => Promise<AttachedProcess>,
  command: string[],
  opts: SessionOptions,
): Promise<SessionResult> {
  const stderr = new BoundedText(16 * 1024);
  const notes: string[] = [];
  const phases: PhaseWindow[] = [];
  const server: ServerRun = {
    command,
    started: false,
    initialized: false,
    exitCode: null,
    stderrExcerpt: '',
  };
  const restarts: SessionResult['restarts'] = [];
  const serverPids: number[] = [];

  /** Start the server and initialise a client; undefined when it does not come up. */
  async function connect(): Promise<Live | undefined> {
    const proc = await launch();
    server.started = true;
    if (proc.pid) serverPids.push(proc.pid);
    proc.stderr.on('data', (d: Buffer) => stderr.push(d));
    const transport = new DockerStdioTransport(proc);
    const live: Live = {
      client: new Client(CLIENT_INFO, { capabilities: {} }),
      transport,
      proc,
      alive: true,
    };
    void proc.exited.then((code) => {
      live.alive = false;
      server.exitCode = code;
    });
    live.client.onerror = () => undefined;
    try {
      await live.client.connect(transport, { timeout: opts.startupMs });
      return live;
    } catch (e) {
      server.error = `initialize failed: ${errorText(e)}`;
      await live.client.close().catch(() => undefined);
      return undefined;
    }
  }

  const startupStart = opts.now();
  let live = await connect();
  phases.push({ phase: 'startup', start: startupStart, end: opts.now() });
  const tools: ToolDefinition[] = [];
  const calls: CallRecord[] = [];
  const callWindows: CallWindow[] = [];
  const results: ResultText[] = [];
  if (live) {
    server.initialized = true;
    const info = live.client.getServerVersion();
    if (info)
      server.serverInfo = {
        name: String(info.name).slice(0, 200),
        version: String(info.version).slice(0, 64),
      };
    if (live.transport.protocolVersion) server.protocolVersion = live.transport.protocolVersion;
    const enumStart = opts.now();
    tools.push(...(await listAllTools(live.client, opts, notes)));
    phases.push({ phase: 'enumerate', start: enumStart, end: opts.now() });
    await opts.checkpoint?.();

    const exStart = opts.now();
    let n = 0;
    for (let round = 0; round < opts.rounds; round += 1) {
      for (const tool of tools) {
        if (opts.now() > opts.deadline) {
          notes.push('time budget reached: remaining calls were not made');
          break;
        }
        if (!live?.alive) {
          if (restarts.length >= opts.maxRestarts) {
            notes.push(
              `server down after ${restarts.length} restarts: remaining calls were not made`,
            );
            break;
          }
          restarts.push({ at: opts.now(), cause: `exited with code ${String(server.exitCode)}` });
          live = await connect();
          if (!live) break;
        }
        n += 1;
        const { record, text } = await callOnce(live, tool, `c${n}`, round, opts);
        calls.push(record);
        if (text) results.push({ callId: record.id, tool: tool.name, t: record.end, text });
        callWindows.push({ id: record.id, tool: tool.name, start: record.start, end: record.end });
        await opts.sleep(opts.settleMs);
        await opts.checkpoint?.();
      }
    }
    if (live?.alive && opts.lingerMs > 0) {
      await opts.sleep(opts.lingerMs);
      await opts.checkpoint?.();
    }
    phases.push({ phase: 'exercise', start: exStart, end: opts.now() });
  }
  if (live) await live.client.close().catch(() => undefined);
  server.stderrExcerpt = stderr.text();
  return { server, tools, calls, phases, callWindows, restarts, notes, results, serverPids };
}

/** tools/list with pagination, bounded in pages and tools. */
async function listAllTools(
  client: Client,
  opts: SessionOptions,
  notes: string[],
): Promise<ToolDefinition[]> {
  const out: ToolDefinition[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    let res;
    try {
      res = await client.listTools(cursor ? { cursor } : {}, { timeout: opts.callMs });
    } catch (e) {
      notes.push(`tools/list failed: ${errorText(e)}`);
      break;
    }
    for (const t of res.tools) {
      if (out.length >= opts.maxTools) break;
      out.push({
        name: String(t.name).slice(0, 200),
        description: String(t.description ?? '').slice(0, 16384),
        inputSchema: t.inputSchema,
      });
    }
    cursor = res.nextCursor;
    if (!cursor || out.length >= opts.maxTools) break;
  }
  return out;
}

async function callOnce(
  live: Live,
  tool: ToolDefinition,
  id: string,
  round: number,
  opts: SessionOptions,
): Promise<{ record: CallRecord; text: string }> {
  // Round 0 sends realistic values for every property; round 1 the minimal valid set; then more.
  const variant = round === 0 ? 1 : round === 1 ? 0 : round;
  const generated = generateArguments(tool.inputSchema, { seed: opts.seed, variant });
  const start = opts.now();
  const base = { id, tool: tool.name, arguments: generated.args, start };
  try {
    const result = await live.client.callTool(
      { name: tool.name, arguments: generated.args },
      undefined,
      {
        timeout: opts.callMs,
      },
    );
    const end = opts.now();
    return {
      record: {
        ...base,
        outcome: outcomeOfResult(result),
        durationMs: end - start,
        resultExcerpt: excerptResult(result),
        end,
      },
      text: excerptResult(result, RESULT_TEXT_MAX),
    };
  } catch (e) {
    // Give a dying process a moment to be seen as dead, so a crash is not called a timeout.
    await opts.sleep(200);
    const end = opts.now();
    return {
      record: {
        ...base,
        outcome: outcomeOfError(e, live.alive),
        durationMs: end - start,
        resultExcerpt: errorText(e),
        end,
      },
      text: '',
    };
  }
}
