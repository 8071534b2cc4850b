// Bounded recording of what the server says besides tool results: notifications, requests it
// sends to the client, and the model-visible texts the metadata rules judge. Counts keep going
// after the kept lists are full, so a flood is visible without filling memory.
import type { MetadataText, NotificationRecord, ServerRequestRecord } from '../src/domain/types.js';

const MAX_NOTIFICATIONS = 200;
const MAX_REQUESTS = 200;
const MAX_METADATA = 2000;
const MAX_METADATA_CHARS = 4 * 1024 * 1024;
const EXCERPT = 2000;

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
  private metadataChars = 0;
  /** The call in progress, so notifications and requests can be tied to it. */
  current: { callId: string; tool: string } | undefined;

  constructor(private readonly now: () => number) {}

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

  request(method: string, params: unknown, answer: string): void {
    if (this.serverRequests.length >= MAX_REQUESTS) return;
    this.serverRequests.push({
      t: this.now(),
      method: method.slice(0, 100),
      excerpt: excerptJson(params),
      answer: answer.slice(0, 500),
      ...(this.current ? { callId: this.current.callId, tool: this.current.tool } : {}),
    });
  }

  /** Keep a text for the metadata rules (deduplicated by source, owner, field and text). */
  text(t: MetadataText): void {
    if (!t.text || this.metadata.length >= MAX_METADATA) return;
    if (this.metadataChars + t.text.length > MAX_METADATA_CHARS) return;
    const same = this.metadata.some(
      (m) =>
        m.source === t.source && m.owner === t.owner && m.field === t.field && m.text === t.text,
    );
    if (same) return;
    this.metadataChars += t.text.length;
    this.metadata.push(t);
  }
}
