// The harness: connects the real MCP SDK client (broad capabilities, see client.ts) to the server
// in the pod and uses it the way an agent would, and more: lists and reads the whole surface,
// calls every tool in interleaved rounds with several kinds of schema-valid input, re-lists the
// tools after each round, on list_changed and after restarts, and finally launches the server a
// second time over the same state to compare its definitions (rug pulls). Crashes, hangs and
// protocol errors are call outcomes; a dead server is restarted (bounded) and the calls go on.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type {
  ListingTrigger,
  Phase,
  PhaseWindow,
  ServerRun,
  ToolDefinition,
} from '../src/domain/types.js';
import type { AttachedProcess } from '../sandbox/docker/pod.js';
import { BoundedSink } from '../sandbox/docker/bounded-sink.js';
import { callTool } from './call-tool.js';
import { DefinitionTracker } from './definition-tracker.js';
import { makeClient } from './client.js';
import { enumerateSurface } from './enumerate-surface.js';
import { listAllTools, MAX_DESCRIPTION_CHARS } from './list-tools.js';
import { toolMetadataTexts } from '../src/surface/metadata-texts.js';
import { errorText } from './outcome.js';
import { excerptJson, SurfaceRecorder } from './recorder.js';
import {
  emptySurface,
  type ServerLauncher,
  type SessionOptions,
  type SessionResult,
} from './session-types.js';

export type { ResultText, ServerLauncher, SessionOptions, SessionResult } from './session-types.js';

interface Live {
  client: Client;
  proc: AttachedProcess;
  alive: boolean;
  toolsChanged: boolean;
}

/** Result text kept over the whole run for the canary matcher. */
const MAX_RESULT_CHARS = 64 * 1024 * 1024;

export async function runSession(
  launcher: ServerLauncher,
  opts: SessionOptions,
): Promise<SessionResult> {
  const stderr = new BoundedSink(16 * 1024);
  const notes: string[] = [];
  const phases: PhaseWindow[] = [];
  const recorder = new SurfaceRecorder(opts.now);
  let phase: Phase = 'startup';
  const server: ServerRun = {
    command: launcher.command,
    started: false,
    initialized: false,
    exitCode: null,
    stderrExcerpt: '',
  };
  const surface = emptySurface(launcher.transportKind, recorder);
  const result: SessionResult = {
    server,
    tools: [],
    calls: [],
    phases,
    callWindows: [],
    restarts: [],
    notes,
    results: [],
    serverPids: [],
    surface,
    gaps: [],
  };

  let relaunchError: string | undefined;
  /** Wait for the sandbox to be quiet (or the whole cap without a probe). */
  async function settle(kind: 'call' | 'linger', capMs: number, l: Live): Promise<void> {
    if (!opts.quiet) return opts.sleep(capMs);
    await opts.quiet(kind, capMs, l.proc.pid ? [l.proc.pid] : []);
  }
  /** Start the server and initialise a client; undefined when it does not come up. */
  async function connect(): Promise<Live | undefined> {
    const proc = await launcher.launch();
    server.started = true;
    if (proc.pid) result.serverPids.push(proc.pid);
    proc.stderr.on('data', (d: Buffer) => stderr.write(d));
    const client = makeClient({
      recorder,
      rootUri: opts.rootUri,
      seed: opts.seed,
      phase: () => phase,
    });
    const live: Live = { client, proc, alive: true, toolsChanged: false };
    const first = phase !== 'relaunch';
    void proc.exited.then((code) => {
      live.alive = false;
      if (first) server.exitCode = code;
    });
    client.setNotificationHandler(ToolListChangedNotificationSchema, (n) => {
      recorder.notification(n.method, n.params);
      live.toolsChanged = true;
      return Promise.resolve();
    });
    let transport: Transport;
    try {
      transport = await launcher.connect(proc);
      await client.connect(transport, { timeout: opts.startupMs });
      const pv = (transport as { protocolVersion?: unknown }).protocolVersion;
      if (typeof pv === 'string') server.protocolVersion = pv.slice(0, 64);
      return live;
    } catch (e) {
      if (first) server.error = `initialize failed: ${errorText(e)}`;
      else relaunchError = `initialize failed: ${errorText(e)}`;
      await client.close().catch(() => undefined);
      await launcher.stop(proc).catch(() => undefined);
      return undefined;
    }
  }

  // Listings and drift: every listing is compared with the first one.
  const tracker = new DefinitionTracker(recorder, opts.now);
  surface.listings = tracker.listings;
  surface.drift = tracker.drift;
  let current: ToolDefinition[] = [];
  const lastCallId = () => result.calls.at(-1)?.id;
  const rejectedSeen = new Set<string>();
  let declaresTools = true;
  let resultChars = 0;

  async function relist(live: Live, trigger: ListingTrigger, textPhase: Phase): Promise<void> {
    live.toolsChanged = false;
    const listed = await listAllTools(live.client, opts.callMs, opts.maxTools);
    const failure = (error: string) => {
      if (surface.listingFailures.length < 100)
        surface.listingFailures.push({ t: opts.now(), method: 'tools/list', trigger, error });
    };
    for (const name of listed.oversized)
      recorder.gap({
        kind: 'cap',
        what: 'tool description',
        detail: `a description over ${MAX_DESCRIPTION_CHARS} characters (${name.slice(0, 80)}): the rest was not judged`,
      });
    for (const r of listed.rejected) {
      const key = `${r.name ?? r.index}|${r.error}`;
      if (rejectedSeen.has(key) || surface.rejected.length >= 100) continue;
      rejectedSeen.add(key);
      surface.rejected.push(r);
    }
    // A rejected definition reaches no client through the SDK, but its words are still judged.
    for (const def of listed.rejectedDefinitions)
      for (const m of toolMetadataTexts(def, textPhase)) recorder.text(m);
    if (listed.truncated)
      failure(`more than ${opts.maxTools} tools (or pages): the rest was not read`);
    // Declaring tools and then not answering tools/list hides them; a server without the
    // capability simply has none.
    if (listed.notImplemented && declaresTools)
      failure('the server declares tools but answers tools/list with "method not found"');
    if (listed.error) {
      failure(listed.error);
      // Nothing readable at all: keep the tools known so far.
      if (listed.tools.length === 0 && listed.rejected.length === 0) return;
    }
    const instructions = (live.client.getInstructions() ?? '').slice(0, 64 * 1024);
    tracker.record({ tools: listed.tools, instructions }, trigger, textPhase, lastCallId());
    current = listed.tools;
  }

  const startupStart = opts.now();
  let live = await connect();
  phases.push({ phase: 'startup', start: startupStart, end: opts.now() });
  if (live) {
    server.initialized = true;
    const info = live.client.getServerVersion();
    if (info)
      server.serverInfo = {
        name: String(info.name).slice(0, 200),
        version: String(info.version).slice(0, 64),
      };
    if (info) {
      // What the server calls itself reaches the user and often the model: judge it too.
      const about = ['name', 'title', 'description']
        .map((k) => (info as Record<string, unknown>)[k])
        .filter((v): v is string => typeof v === 'string')
        .join('\n')
        .slice(0, 16 * 1024);
      recorder.text({ source: 'instructions', field: 'serverInfo', phase: 'startup', text: about });
    }
    const caps = (live.client.getServerCapabilities() ?? {}) as Record<string, unknown>;
    declaresTools = caps['tools'] !== undefined;
    surface.capabilities = excerptJson(caps, 4000);
    surface.instructions = (live.client.getInstructions() ?? '').slice(0, 64 * 1024);
    if (caps['logging'] !== undefined)
      await live.client.setLoggingLevel('debug', { timeout: opts.callMs }).catch(() => undefined);

    phase = 'enumerate';
    const enumStart = opts.now();
    await relist(live, 'initial', 'enumerate');
    const alive = () => live?.alive === true;
    const inv = await enumerateSurface(
      {
        client: live.client,
        recorder,
        timeoutMs: opts.callMs,
        seed: opts.seed,
        alive,
        now: opts.now,
      },
      caps,
    );
    Object.assign(surface, {
      resources: inv.resources,
      resourceTemplates: inv.resourceTemplates,
      prompts: inv.prompts,
      completions: inv.completions,
    });
    surface.rejected.push(...inv.rejected);
    surface.listingFailures.push(...inv.listingFailures);
    notes.push(...inv.notes);
    phases.push({ phase: 'enumerate', start: enumStart, end: opts.now() });
    await opts.checkpoint?.();

    phase = 'exercise';
    const exStart = opts.now();
    live = await exercise(live);
    if (live?.alive && opts.lingerMs > 0) {
      await settle('linger', opts.lingerMs, live);
      await opts.checkpoint?.();
    }
    phases.push({ phase: 'exercise', start: exStart, end: opts.now() });
  }
  if (live) {
    await live.client.close().catch(() => undefined);
    await launcher.stop(live.proc).catch(() => undefined);
  }
  if (server.initialized) await relaunch();
  server.stderrExcerpt = stderr.text();
  result.tools = [...tracker.known.values()];
  result.gaps = recorder.gaps;
  return result;

  /** The rounds: every listed tool once per round, round after round, within the budgets. */
  async function exercise(first: Live): Promise<Live | undefined> {
    let l: Live | undefined = first;
    const perTool = new Map<string, number>();
    let n = 0;
    for (let round = 0; round < opts.rounds; round += 1) {
      for (const tool of [...current]) {
        if (n >= opts.maxCalls) {
          notes.push(`call budget of ${opts.maxCalls} reached: remaining calls were not made`);
          return l;
        }
        if (opts.now() > opts.deadline) {
          notes.push('time budget reached: remaining calls were not made');
          return l;
        }
        if (!l?.alive) {
          if (result.restarts.length >= opts.maxRestarts) {
            notes.push(
              `server down after ${result.restarts.length} restarts: remaining calls were not made`,
            );
            return l;
          }
          const prev = lastCallId();
          const prevCall = result.calls.at(-1);
          result.restarts.push({
            at: opts.now(),
            cause: `exited with code ${String(server.exitCode)}${prevCall ? ` during call ${prevCall.id} (${prevCall.tool}, ${prevCall.outcome})` : ''}`,
            ...(prev ? { afterCallId: prev } : {}),
          });
          if (l) await l.client.close().catch(() => undefined);
          l = await connect();
          if (!l) return undefined;
          await relist(l, 'restart', 'exercise');
        }
        if (!current.some((t) => t.name === tool.name)) continue;
        const live = l;
        n += 1;
        const nth = perTool.get(tool.name) ?? 0;
        perTool.set(tool.name, nth + 1);
        const { record, text } = await callTool(
          { id: `c${n}`, tool, round, nth, seed: opts.seed, timeoutMs: opts.callMs },
          {
            client: live.client,
            recorder,
            alive: () => live.alive,
            now: opts.now,
            sleep: opts.sleep,
          },
        );
        result.calls.push(record);
        if (text && resultChars + text.length <= MAX_RESULT_CHARS) {
          resultChars += text.length;
          result.results.push({ callId: record.id, tool: tool.name, t: record.end, text });
        } else if (text)
          recorder.gap({
            kind: 'cap',
            what: 'tool results kept',
            detail: `${MAX_RESULT_CHARS} characters over the run`,
          });
        result.callWindows.push({
          id: record.id,
          tool: tool.name,
          start: record.start,
          end: record.end,
        });
        await settle('call', opts.settleMs, live);
        if (live.alive && live.toolsChanged) await relist(live, 'list_changed', 'exercise');
        await opts.checkpoint?.();
      }
      if (l?.alive) await relist(l, 'round', 'exercise');
    }
    return l;
  }

  /** Second launch over the same HOME and /tmp: list again and compare (rug pulls by state). */
  async function relaunch(): Promise<void> {
    if (!opts.secondLaunch) {
      surface.secondLaunch = { done: false, reason: 'disabled' };
      return;
    }
    if (opts.now() > opts.deadline) {
      surface.secondLaunch = { done: false, reason: 'time budget reached' };
      return;
    }
    phase = 'relaunch';
    const start = opts.now();
    const again = await connect();
    if (!again) {
      surface.secondLaunch = { done: false, reason: relaunchError ?? 'did not initialise' };
    } else {
      await relist(again, 'second-launch', 'relaunch');
      surface.secondLaunch = { done: true };
      await again.client.close().catch(() => undefined);
      await launcher.stop(again.proc, { last: true }).catch(() => undefined);
    }
    phases.push({ phase: 'relaunch', start, end: opts.now() });
  }
}
