// What a developer would plausibly send for a hinted field: names, addresses, paths under
// /home/dev/project, sane amounts. Every host is a documentation name (.example, example.com)
// and every address a documentation range; values are plausible, not guaranteed to fit a schema.

import type { Rand } from './prng.js';
import type { ValueHint } from './value-hints.js';

export const FIRST_NAMES = ['Dana', 'Alex', 'Sam', 'Priya', 'Jordan', 'Mei', 'Tomas', 'Aisha'];
export const LAST_NAMES = ['Lee', 'Morgan', 'Rivera', 'Raman', 'Novak', 'Chen', 'Okafor', 'Berg'];
const MAIL_DOMAINS = ['example.com', 'example.org', 'mail.example'];
const SENTENCES = [
  'Here are the notes from the planning meeting.',
  'The build is green again after the dependency update.',
  'Please review the attached draft before Friday.',
  'Prefers short status updates in the morning.',
  'Moved the release to next Tuesday to finish the migration.',
  'Works on the payments team and owns the invoicing service.',
];
const SUBJECTS = ['Weekly status update', 'Meeting notes', 'Draft for review', 'Release plan'];
const PROJECT_FILES = [
  'src/index.ts',
  'src/utils/format.ts',
  'docs/README.md',
  'package.json',
  'test/app.test.ts',
  'notes/todo.md',
];
const QUERIES = ['error handling in async functions', 'release notes 2024', 'open invoices'];
const WORDS = ['alpha', 'draft', 'project-notes', 'hello world', 'sample', 'weekly-report'];

/** A first and last name from the pools. */
export function personName(rand: Rand): string {
  return `${rand.pick(FIRST_NAMES)} ${rand.pick(LAST_NAMES)}`;
}

/** A documentation-domain mail address. */
export function emailAddress(rand: Rand): string {
  const local = `${rand.pick(FIRST_NAMES)}.${rand.pick(LAST_NAMES)}`.toLowerCase();
  return `${local}@${rand.pick(MAIL_DOMAINS)}`;
}

/** An ISO date between 2023 and 2025. */
export function isoDate(rand: Rand): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${rand.int(2023, 2025)}-${pad(rand.int(1, 12))}-${pad(rand.int(1, 28))}`;
}

/** An ISO date-time (UTC) between 2023 and 2025. */
export function isoDateTime(rand: Rand): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${isoDate(rand)}T${pad(rand.int(7, 19))}:${pad(rand.int(0, 59))}:00Z`;
}

/** A random (version 4 shaped) UUID. */
export function uuid(rand: Rand): string {
  const v = rand.pick(['8', '9', 'a', 'b']);
  return `${rand.hex(8)}-${rand.hex(4)}-4${rand.hex(3)}-${v}${rand.hex(3)}-${rand.hex(12)}`;
}

/** An address in one of the IPv4 documentation ranges (RFC 5737). */
export function docIpv4(rand: Rand): string {
  return `${rand.pick(['192.0.2', '198.51.100', '203.0.113'])}.${rand.int(1, 254)}`;
}

/** A file path in the fake developer's project, absolute or relative. */
export function projectPath(rand: Rand): string {
  const file = rand.pick(PROJECT_FILES);
  return rand.chance(0.5) ? `/home/dev/project/${file}` : file;
}

const BY_HINT: Partial<Record<ValueHint, (r: Rand) => string>> = {
  email: emailAddress,
  'sender-email': emailAddress,
  'person-name': personName,
  'first-name': (r) => r.pick(FIRST_NAMES),
  'last-name': (r) => r.pick(LAST_NAMES),
  username: (r) => `${r.pick(FIRST_NAMES)}.${r.pick(LAST_NAMES)}`.toLowerCase(),
  company: (r) => r.pick(['Acme Corp', 'Globex Ltd', 'Initech GmbH', 'Umbrella Labs']),
  subject: (r) => r.pick(SUBJECTS),
  body: (r) => `Hi ${r.pick(FIRST_NAMES)},\n\n${r.pick(SENTENCES)}\n\nThanks,\n${personName(r)}`,
  html: (r) => `<p>Hi ${r.pick(FIRST_NAMES)},</p><p>${r.pick(SENTENCES)}</p>`,
  text: (r) => r.pick(SENTENCES),
  title: (r) => r.pick(['Quarterly planning', 'Onboarding checklist', 'Release 1.4 notes']),
  url: (r) =>
    r.pick([
      'https://docs.example.com/guide/getting-started',
      'https://api.example.org/v1/items?limit=10',
      'https://example.com/blog/2024/release-notes',
    ]),
  hostname: (r) => r.pick(['api.example.com', 'db.internal.example', 'build1.example.net']),
  ip: docIpv4,
  port: (r) => String(r.pick([443, 8080, 5432, 3000])),
  path: projectPath,
  directory: (r) => r.pick(['/home/dev/project/src', 'docs', '/home/dev/project']),
  filename: (r) => r.pick(['README.md', 'index.ts', 'report-2024-q3.pdf', 'notes.txt']),
  amount: (r) => (r.int(500, 50000) / 100).toFixed(2),
  quantity: (r) => String(r.int(1, 10)),
  date: isoDate,
  'date-time': isoDateTime,
  id: uuid,
  uuid,
  query: (r) => r.pick(QUERIES),
  sql: () => "SELECT id, title FROM projects WHERE status = 'active' LIMIT 20",
  command: (r) => r.pick(['npm test', 'git status', 'ls -la src']),
  code: (r) => r.pick(['console.log("hello");', 'const total = items.length;']),
  language: (r) => r.pick(['en', 'de', 'fr', 'es']),
  country: (r) => r.pick(['US', 'DE', 'GB', 'FR', 'JP']),
  currency: (r) => r.pick(['USD', 'EUR', 'GBP']),
  timezone: (r) => r.pick(['Europe/Berlin', 'America/New_York', 'UTC']),
  // 555-0100..0199 are reserved for fiction.
  phone: (r) => `+1-202-555-01${String(r.int(0, 99)).padStart(2, '0')}`,
  address: (r) => `${r.int(1, 250)} Example Street`,
  city: (r) => r.pick(['Springfield', 'Riverton', 'Lakeside']),
  'postal-code': (r) => String(r.int(10000, 99999)),
  iban: () => 'GB82WEST12345698765432',
  'card-number': () => '4242 4242 4242 4242',
  password: (r) => `dev-${r.chars('abcdefghijkmnpqrstuvwxyz23456789', 12)}`,
  'api-key': (r) => `test_${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 24)}`,
  tag: (r) => r.pick(['bug', 'docs', 'person', 'project', 'urgent']),
  version: (r) => `${r.int(0, 3)}.${r.int(0, 12)}.${r.int(0, 9)}`,
  mime: (r) => r.pick(['application/json', 'text/plain', 'text/markdown']),
  color: (r) => `#${r.hex(6)}`,
  repo: (r) => r.pick(['acme/widgets', 'acme/website']),
  branch: (r) => r.pick(['main', 'feature/login-form', 'fix/typo']),
  role: (r) => r.pick(['editor', 'viewer']),
};

/** A realistic string for the hint; a generic word when there is none. */
export function realisticString(hint: ValueHint | undefined, rand: Rand): string {
  const make = hint ? BY_HINT[hint] : undefined;
  return make ? make(rand) : rand.pick(WORDS);
}

/** A realistic number for the hint (not yet fitted to bounds). */
export function realisticNumber(hint: ValueHint | undefined, rand: Rand, integer: boolean): number {
  const cents = (lo: number, hi: number) => rand.int(lo * 100, hi * 100) / 100;
  switch (hint) {
    case 'amount':
      return integer ? rand.int(5, 500) : cents(5, 500);
    case 'quantity':
      return rand.int(1, 10);
    case 'page':
      return rand.int(1, 3);
    case 'port':
      return rand.pick([443, 8080, 5432, 3000]);
    case 'year':
      return rand.int(2020, 2025);
    case 'percent':
      return rand.int(0, 100);
    case 'duration':
      // Small: units are unknown (s or ms) and a tool that waits for its argument must answer
      // within the call timeout.
      return rand.pick([1, 2, 3]);
    case 'coordinate':
      return integer ? rand.int(-90, 90) : cents(-90, 90);
    case 'id':
      return rand.int(1000, 99999);
    default:
      return integer ? rand.int(1, 100) : cents(0, 100);
  }
}
