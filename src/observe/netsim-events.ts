// Parses netsim's JSON-lines log back into typed events. The log is written by our code but its
// strings come from the package, so every line is size-checked and shape-checked; anything
// else is skipped and counted.
import type { NetsimEvent } from '../../sandbox/netsim/events.js';

export interface ParsedEvents {
  events: NetsimEvent[];
  skipped: number;
}

const MAX_LINE = 2 * 1024 * 1024;
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
  'smtp',
  'ws',
  'resolvers',
  'cap',
]);

const REQUIRED: Record<string, string[]> = {
  ws: ['flow', 'bytes', 'data'],
  dns: ['name', 'qtype', 'answers', 'srcPort'],
  'tcp-open': ['flow', 'family', 'srcPort', 'dstIp', 'dstPort'],
  'tcp-data': ['flow', 'kind', 'first'],
  'tcp-close': ['flow', 'bytes'],
  udp: ['family', 'srcPort', 'dstIp', 'dstPort', 'bytes', 'first'],
  http: ['flow', 'method', 'url', 'headers', 'bodyBytes', 'body'],
  'tls-error': ['flow', 'cause'],
  smtp: ['flow', 'mailFrom', 'rcptTo', 'data', 'bytes', 'truncated'],
  resolvers: ['servers'],
  cap: ['cap', 'limit'],
};

const NUMBER_FIELDS = ['flow', 'srcPort', 'dstPort', 'bytes', 'bodyBytes', 'family', 'limit'];
const STRING_FIELDS = [
  'name',
  'dstIp',
  'first',
  'body',
  'url',
  'method',
  'sni',
  'cause',
  'kind',
  'qtype',
  'captured',
  'mailFrom',
  'auth',
  'data',
  'raw',
  'cap',
  'addressKey',
  'detail',
];
const BOOLEAN_FIELDS = ['truncated', 'aborted', 'toResolver'];

/** True when a parsed line has the shape of a netsim event. */
function isEvent(v: unknown): v is NetsimEvent {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  if (typeof o['type'] !== 'string' || !TYPES.has(o['type']) || typeof o['t'] !== 'number')
    return false;
  for (const [k, val] of Object.entries(o)) {
    if (NUMBER_FIELDS.includes(k) && typeof val !== 'number') return false;
    if (STRING_FIELDS.includes(k) && typeof val !== 'string') return false;
    if (BOOLEAN_FIELDS.includes(k) && typeof val !== 'boolean') return false;
  }
  for (const key of REQUIRED[o['type']] ?? []) if (!(key in o)) return false;
  if (o['type'] === 'dns' && !Array.isArray(o['answers'])) return false;
  if (
    o['type'] === 'resolvers' &&
    !(Array.isArray(o['servers']) && o['servers'].every((x) => typeof x === 'string'))
  )
    return false;
  if (o['type'] === 'http' && (typeof o['headers'] !== 'object' || o['headers'] === null))
    return false;
  if (
    o['type'] === 'smtp' &&
    !(Array.isArray(o['rcptTo']) && o['rcptTo'].every((r) => typeof r === 'string'))
  )
    return false;
  return true;
}

/** Parse the whole log: good events in order, and how many lines were skipped. */
export function parseNetsimEvents(text: string, maxEvents = 150_000): ParsedEvents {
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
