// Values at the edges a schema allows: long and empty strings, hostile-but-JSON-safe characters
// (quotes, ../, <script>, emoji, RTL and combining marks, newlines; never NUL), extreme or
// just-inside numbers, edge dates and addresses. Lengths are capped at 4096 code points per
// string and by a byte budget for the whole set, so "at maxLength" holds only up to that cap.

import type { Rand } from './prng.js';
import { edgeNumber, sliceCodePoints, type NumberBounds } from './fit-value.js';

export type Edge = 'high' | 'low';

/** The edge a boundary set explores: odd variants the upper edges, even ones the lower. */
export function edgeFor(variant: number): Edge {
  return Math.abs(Math.trunc(Number.isFinite(variant) ? variant : 0)) % 2 === 1 ? 'high' : 'low';
}

export const MAX_BOUNDARY_STRING = 4096;

// No invisible or bidi control characters: servers echo inputs back (now or in a later result),
// and the metadata rules must only ever see such characters when the server itself adds them.
const SPICY = [
  '"double quotes"',
  "'single' `back`",
  '../../../etc/hostname',
  '<script>alert(1)</script>',
  '😀🚀👩‍💻',
  'مرحبا بالعالم',
  'שלום עולם',
  '{{7*7}} ${7*7} %s %n',
  "'; DROP TABLE notes; --",
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗',
  'line one\nline two\ttabbed',
  'back\\slash',
  '日本語のテキスト',
];

/** Free text of exactly n code points built from the hostile fragments, in seeded order. */
export function spicyText(n: number, rand: Rand): string {
  if (n <= 0) return '';
  const parts: string[] = [];
  let len = 0;
  while (len < n) {
    const p = rand.pick(SPICY);
    parts.push(p);
    len += Array.from(p).length + 1;
  }
  return sliceCodePoints(parts.join(' '), n);
}

const EMAILS: Record<Edge, string[]> = {
  high: [
    "o'brien+filter.tag@sub.mail.example.com",
    `${'a'.repeat(64)}@${'b'.repeat(63)}.example.com`,
  ],
  low: ['a@b.example', 'x@example.com'],
};

/** Edge values for the formats with natural edges, or undefined. */
export function boundaryFormat(format: unknown, edge: Edge, rand: Rand): string | undefined {
  const high = edge === 'high';
  switch (format) {
    case 'email':
    case 'idn-email':
      return rand.pick(EMAILS[edge]);
    case 'uri':
    case 'url':
    case 'iri':
    case 'uri-reference':
    case 'iri-reference':
      return high
        ? `https://user@example.com:65535/a/%2e%2e/../b/${'seg/'.repeat(rand.int(4, 16))}?q=%3Cscript%3E&x=%22q%22&e=%F0%9F%98%80#frag`
        : 'https://example.com';
    case 'date-time':
      return high
        ? rand.pick([
            '9999-12-31T23:59:59.999Z',
            '2024-02-29T23:59:59+14:00',
            '2038-01-19T03:14:08Z',
          ])
        : rand.pick(['1970-01-01T00:00:00Z', '0001-01-01T00:00:00-12:00']);
    case 'date':
      return high
        ? rand.pick(['9999-12-31', '2024-02-29'])
        : rand.pick(['1970-01-01', '0001-01-01']);
    case 'time':
      return high ? '23:59:59.999+14:00' : '00:00:00Z';
    case 'uuid':
      return high ? 'ffffffff-ffff-4fff-bfff-ffffffffffff' : '00000000-0000-0000-0000-000000000000';
    case 'hostname':
    case 'idn-hostname':
      return high ? `${'a'.repeat(63)}.${'b'.repeat(63)}.example` : 'a.example';
    case 'ipv4':
      return high ? '203.0.113.255' : '192.0.2.0';
    case 'ipv6':
      return high ? '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff' : '2001:db8::';
    default:
      return undefined;
  }
}

/** Path edges: traversal, spaces and non-ASCII for the upper edge, the shortest for the lower. */
export function boundaryPath(edge: Edge, rand: Rand): string {
  if (edge === 'low') return rand.pick(['.', '/', 'a']);
  return rand.pick([
    '/home/dev/project/../../../etc/hostname',
    `/home/dev/project/${'deep/'.repeat(rand.int(8, 32))}file name with spaces ünïcødé 😀.txt`,
    'docs/./../docs/"quoted" <name>.md',
  ]);
}

/** The number at the chosen edge: a bound when there is one, else 0, -1 or a huge magnitude. */
export function boundaryNumber(b: NumberBounds, edge: Edge, rand: Rand): number {
  const big = b.integer || b.multipleOf !== undefined ? Number.MAX_SAFE_INTEGER : Number.MAX_VALUE;
  if (edge === 'high') return edgeNumber(Number.isFinite(b.hi) ? b.hi : big, b, 'high');
  if (Number.isFinite(b.lo)) return edgeNumber(b.lo, b, 'low');
  const options = [0, -1, -Number.MAX_SAFE_INTEGER].filter((x) => x <= b.hi);
  return edgeNumber(options.length > 0 ? rand.pick(options) : b.hi, b, 'low');
}
