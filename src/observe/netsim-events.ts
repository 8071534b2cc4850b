// Parses netsim's JSON-lines log back into typed events. The log is written by our code but its
// strings come from the package, so every line is size-checked and shape-checked; anything
// else is skipped and counted.
import type { NetsimEvent } from '../../sandbox/netsim/events.js';

export interface ParsedEvents {
  events: NetsimEvent[];
  skipped: number;
}

const MAX_LINE = 512 * 1024;
const TYPES = new Set([
  'ready',
  'note',
  'dns',
  'tcp-open',
  'tcp-data',
  'tcp-close',
  'udp',
  'http',
  'tls-error',
]);

const REQUIRED: Record<string, string[]> = {
  dns: ['name', 'qtype', 'answers', 'srcPort'],
  'tcp-open': ['flow', 'family', 'srcPort', 'dstIp', 'dstPort'],
  'tcp-data': ['flow', 'kind', 'first'],
  'tcp-close': ['flow', 'bytes'],
  udp: ['family', 'srcPort', 'dstIp', 'dstPort', 'bytes', 'first'],
  http: ['flow', 'method', 'url', 'headers', 'bodyBytes', 'body'],
  'tls-error': ['flow', 'cause'],
};

function isEvent(v: unknown): v is NetsimEvent {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  if (typeof o['type'] !== 'string' || !TYPES.has(o['type']) || typeof o['t'] !== 'number')
    return false;
  for (const [k, val] of Object.entries(o)) {
    if (
      ['flow', 'srcPort', 'dstPort', 'bytes', 'bodyBytes', 'family'].includes(k) &&
      typeof val !== 'number'
    )
      return false;
    if (
      ['name', 'dstIp', 'first', 'body', 'url', 'method', 'sni', 'cause', 'kind', 'qtype'].includes(
        k,
      ) &&
      typeof val !== 'string'
    )
      return false;
  }
  for (const key of REQUIRED[o['type']] ?? []) if (!(key in o)) return false;
  if (o['type'] === 'dns' && !Array.isArray(o['answers'])) return false;
  if (o['type'] === 'http' && (typeof o['headers'] !== 'object' || o['headers'] === null))
    return false;
  return true;
}

export function parseNetsimEvents(text: string, maxEvents = 50000): ParsedEvents {
  const events: NetsimEvent[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line) continue;
    if (line.length > MAX_LINE || events.length >= maxEvents) {
      skipped += 1;
      continue;
    }
    try {
      const v: unknown = JSON.parse(line);
      if (isEvent(v)) events.push(v);
      else skipped += 1;
    } catch {
      skipped += 1;
    }
  }
  return { events, skipped };
}
