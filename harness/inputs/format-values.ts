// Realistic strings for JSON Schema formats (email, uri, date-time, uuid, hostname, ip...), all on
// documentation names and ranges, plus the value hint a format implies when the name gives none.
// Unknown formats give undefined; Ajv ignores them too.

import type { Rand } from './prng.js';
import {
  docIpv4,
  emailAddress,
  isoDate,
  isoDateTime,
  realisticString,
  uuid,
} from './realistic-values.js';
import type { ValueHint } from './value-hints.js';

const FORMAT_HINTS: Record<string, ValueHint> = {
  email: 'email',
  'idn-email': 'email',
  uri: 'url',
  url: 'url',
  iri: 'url',
  hostname: 'hostname',
  'idn-hostname': 'hostname',
  'date-time': 'date-time',
  date: 'date',
  uuid: 'uuid',
  ipv4: 'ip',
  password: 'password',
};

/** The hint a format implies (format: email -> 'email'), or undefined. */
export function formatHint(format: unknown): ValueHint | undefined {
  return typeof format === 'string' && Object.hasOwn(FORMAT_HINTS, format)
    ? FORMAT_HINTS[format]
    : undefined;
}

/** A realistic value for a known string format, or undefined. */
export function formatString(format: unknown, rand: Rand): string | undefined {
  const pad = (n: number) => String(n).padStart(2, '0');
  switch (format) {
    case 'email':
    case 'idn-email':
      return emailAddress(rand);
    case 'uri':
    case 'url':
    case 'iri':
      return realisticString('url', rand);
    case 'uri-reference':
    case 'iri-reference':
      return rand.pick(['/docs/getting-started', 'https://example.com/a', '../README.md']);
    case 'uri-template':
      return 'https://api.example.com/items/{id}';
    case 'date-time':
      return isoDateTime(rand);
    case 'date':
      return isoDate(rand);
    case 'time':
      return `${pad(rand.int(7, 19))}:${pad(rand.int(0, 59))}:00Z`;
    case 'duration':
      return rand.pick(['PT15M', 'P1D', 'PT1H30M']);
    case 'uuid':
      return uuid(rand);
    case 'hostname':
    case 'idn-hostname':
      return realisticString('hostname', rand);
    case 'ipv4':
      return docIpv4(rand);
    case 'ipv6':
      return `2001:db8::${rand.hex(4)}`;
    case 'json-pointer':
      return '/items/0';
    case 'relative-json-pointer':
      return '0';
    case 'regex':
      return '^[a-z]+$';
    case 'byte':
      return 'aGVsbG8=';
    case 'password':
      return realisticString('password', rand);
    default:
      return undefined;
  }
}
