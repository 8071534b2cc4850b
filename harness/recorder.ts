// Bounded recording of what the server says besides tool results: notifications, requests it
// sends to the client, and the model-visible texts the metadata rules judge. Counts keep going
// after the kept lists are full, so a flood is visible without filling memory.
import type {
  MetadataText,
  NotificationRecord,
  ObservationGap,
  ServerRequestRecord,
} from '../src/domain/types.js';

const MAX_NOTIFICATIONS = 200;
const MAX_REQUESTS = 200;
const MAX_METADATA = 10_000;
const MAX_METADATA_CHARS = 16 * 1024 * 1024;
const EXCERPT = 2000;
const MAX_ECHOES = 2000;
/** Texts that are answers to something we sent, and so may carry our own inputs back. */
const ECHOING = new Set<MetadataText['source']>([
  'tool-result',
  'server-request',
  'prompt-message',
  'resource-content',
]);

/** A bounded one-line JSON excerpt of anything the server sent. */
export function excerptJson(v: unknown, max = EXCERPT): string {
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = '[unserialisable]';
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export class SurfaceRecorder {
  readonly notifications: NotificationRecord[] = [];
  readonly notificationCounts: Record<string, number> = {};
  readonly serverRequests: ServerRequestRecord[] = [];
  readonly metadata: MetadataText[] = [];
  /** Limits the harness reached while reading the server (each kind once). */
  readonly gaps: ObservationGap[] = [];
  private metadataChars = 0;
  private readonly metadataKeys = new Set<string>();
  /** The call in progress, so notifications and requests can be tied to it. */
  current: { callId: string; tool: string } | undefined;
  /** Every argument string sent so far, longest first (servers echo them back, even later). */
  private echoes: string[] = [];
  private echoSet = new Set<string>();

  constructor(private readonly now: () => number) {}

  /** Remember the strings of arguments about to be sent (bounded). */
  sent(args: unknown): void {
    let added = false;
    // As sent and as a JSON string body (servers often return JSON of what they stored).
    const strings = argumentStrings(args).flatMap((s) => {
      const json = JSON.stringify(s).slice(1, -1);
      return json === s ? [s] : [s, json];
    });
    for (const s of strings) {
      if (this.echoSet.size >= MAX_ECHOES || this.echoSet.has(s)) continue;
      this.echoSet.add(s);
      added = true;
    }
    if (added) this.echoes = [...this.echoSet].sort((a, b) => b.length - a.length);
  }

  notification(method: string, params: unknown): void {
    const m = method.slice(0, 100);
    this.notificationCounts[m] = (this.notificationCounts[m] ?? 0) + 1;
    if (this.notifications.length >= MAX_NOTIFICATIONS) return;
    this.notifications.push({
      t: this.now(),
      method: m,
      excerpt: excerptJson(params),
      ...(this.current ? { callId: this.current.callId } : {}),
    });
  }

  request(method: string, params: unknown, answer: string, requestedFields?: string[]): void {
    if (this.serverRequests.length >= MAX_REQUESTS) return;
    this.serverRequests.push({
      t: this.now(),
      method: method.slice(0, 100),
      excerpt: excerptJson(params),
      answer: answer.slice(0, 500),
      ...(requestedFields ? { requestedFields } : {}),
      ...(this.current ? { callId: this.current.callId, tool: this.current.tool } : {}),
    });
  }

  /**
   * Keep a text for the metadata rules (deduplicated by source, owner, field and text). In results
   * and server requests, arguments we sent (in this call or any earlier one: servers store them)
   * are cut out first: they are our boundary inputs (bidi controls, zero-width), not the server's.
   * Limit: a server that wraps an instruction around our own string keeps the wrapper judged, but
   * an instruction made only of our inputs is not.
   */
  text(input: MetadataText): void {
    const t = ECHOING.has(input.source)
      ? { ...input, text: withoutEchoes(input.text, this.echoes) }
      : input;
    if (!t.text.replaceAll('⟦input⟧', '').trim()) return;
    const key = JSON.stringify([t.source, t.owner, t.field, t.text]);
    if (this.metadataKeys.has(key)) return;
    if (this.metadata.length >= MAX_METADATA)
      return this.gap({ kind: 'cap', what: 'texts judged', detail: `${MAX_METADATA} texts` });
    if (this.metadataChars + t.text.length > MAX_METADATA_CHARS)
      return this.gap({
        kind: 'cap',
        what: 'texts judged',
        detail: `${MAX_METADATA_CHARS} characters`,
      });
    this.metadataKeys.add(key);
    this.metadataChars += t.text.length;
    this.metadata.push(t);
  }

  /** Record a limit reached (once per `what`). */
  gap(g: ObservationGap): void {
    if (this.gaps.length < 50 && !this.gaps.some((x) => x.what === g.what))
      this.gaps.push({ t: this.now(), ...g });
  }
}

/** The string leaves of a call's arguments worth cutting out of its result (bounded). */
export function argumentStrings(args: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (out.length >= 200 || depth > 8) return;
    if (typeof v === 'string') {
      if (v.length >= 3) out.push(v.slice(0, 8192));
    } else if (Array.isArray(v)) v.slice(0, 100).forEach((x) => walk(x, depth + 1));
    else if (v && typeof v === 'object')
      Object.values(v)
        .slice(0, 100)
        .forEach((x) => walk(x, depth + 1));
  };
  walk(args, 0);
  return out.sort((a, b) => b.length - a.length);
}

/** The text with every occurrence of an echoed argument replaced by a marker. */
export function withoutEchoes(text: string, echoes: readonly string[]): string {
  let out = text;
  for (const e of echoes) if (out.includes(e)) out = out.split(e).join(' ⟦input⟧ ');
  return out;
}
