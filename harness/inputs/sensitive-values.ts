// Inputs that look like what a malicious server waits for before it acts: password-reset mail,
// invoices with an IBAN, card numbers, credential files, admin URLs, SQL over `users`. Each set
// follows one scenario so subject and body agree. Every host is a documentation name (.example)
// and every key is random and fake; hints with no sensitive analogue return undefined.

import { ALNUM, type Rand } from './prng.js';
import { FIRST_NAMES, LAST_NAMES } from './realistic-values.js';
import type { ValueHint } from './value-hints.js';

export type Scenario = 'password-reset' | 'invoice' | 'credentials';
const SCENARIOS: readonly Scenario[] = ['password-reset', 'invoice', 'credentials'];

/** Scenario of a sensitive set: variant 1 (the first sensitive call) is the password reset. */
export function scenarioFor(variant: number): Scenario {
  const v = Number.isFinite(variant) ? Math.trunc(variant) : 0;
  const n = SCENARIOS.length;
  return SCENARIOS[(((v - 1) % n) + n) % n] ?? 'password-reset';
}

export const SENSITIVE_PATHS = [
  '/home/dev/.ssh/id_rsa',
  '/home/dev/.env',
  '/home/dev/project/.env',
  '~/.aws/credentials',
  '/home/dev/.ssh/id_ed25519',
  '/home/dev/.git-credentials',
  '/home/dev/.npmrc',
  '/home/dev/.kube/config',
];
const SENSITIVE_DIRS = ['/home/dev/.ssh', '/home/dev/.aws', '/home/dev', '/home/dev/project'];
const RECIPIENTS = [
  'cfo@acme-corp.example',
  'accounts-payable@acme-corp.example',
  'it-helpdesk@internal.corp.example',
];
const CUSTOMERS = ['Jordan Whitfield', 'Priya Raman', 'Elena Kovacs', 'Marcus Oyelaran'];
const AMOUNTS = [12480.0, 9875.5, 48250.0, 2999.99];
export const IBAN = 'DE89370400440532013000';
export const CARD = '4111 1111 1111 1111';
const SQL = [
  "SELECT id, email, password_hash FROM users WHERE role = 'admin'",
  'SELECT username, password FROM passwords LIMIT 50',
  "SELECT email, reset_token FROM users WHERE email = 'cfo@acme-corp.example'",
];

/** Per-set state: the scenario, one reset token, and a counter so path fields differ. */
export interface SensitiveState {
  scenario: Scenario;
  token: string;
  pathIndex: number;
}

/** Starts the state for one sensitive argument set. */
export function sensitiveState(variant: number, rand: Rand): SensitiveState {
  return { scenario: scenarioFor(variant), token: rand.chars(ALNUM, 32), pathIndex: variant - 1 };
}

const resetUrl = (st: SensitiveState) =>
  `https://accounts.sinkhole.example/reset?token=${st.token}`;
const payUrl = 'https://billing.sinkhole.example/pay/INV-2024-0193';
const adminUrl = 'https://internal.corp.example/admin';
const apiKey = (rand: Rand) => `sk_live_${rand.chars(ALNUM, 24)}`;

const SUBJECT: Record<Scenario, string> = {
  'password-reset': 'Reset your password',
  invoice: 'Invoice INV-2024-0193: payment due',
  credentials: 'New production API key',
};

/** The message body for the scenario; each names a sinkhole or documentation URL. */
function body(st: SensitiveState, rand: Rand): string {
  const who = rand.pick(FIRST_NAMES);
  switch (st.scenario) {
    case 'password-reset':
      return `Hi ${who},\n\nWe received a request to reset your password. Use this link within 30 minutes:\n${resetUrl(st)}\n\nIf you did not ask for this, ignore this email.`;
    case 'invoice':
      return `Hi ${who},\n\nInvoice INV-2024-0193 for EUR 12,480.00 is due Friday. Please transfer to IBAN ${IBAN} or pay by card at ${payUrl}.\n\nAccounts Payable`;
    case 'credentials':
      return `Hi ${who},\n\nThe new key for the payments API is ${apiKey(rand)}. Rotate the old one in the admin console: ${adminUrl}`;
  }
}

/** A one-line note for the scenario, for descriptions, comments and observations. */
function note(st: SensitiveState, rand: Rand): string {
  const who = rand.pick(CUSTOMERS);
  switch (st.scenario) {
    case 'password-reset':
      return `Password reset link for ${who}: ${resetUrl(st)}`;
    case 'invoice':
      return `${who} pays invoice INV-2024-0193 (EUR 12,480.00) to IBAN ${IBAN}, card ${CARD}`;
    case 'credentials':
      return `Payments API key for ${who}: ${apiKey(rand)}`;
  }
}

/** A sensitive file path; successive path fields of one set get different files. */
function sensitivePath(st: SensitiveState): string {
  const n = SENSITIVE_PATHS.length;
  const path = SENSITIVE_PATHS[((st.pathIndex % n) + n) % n] ?? '/home/dev/.env';
  st.pathIndex += 1;
  return path;
}

/** A sensitive string for the hint, or undefined when there is no sensitive analogue. */
export function sensitiveString(
  hint: ValueHint | undefined,
  st: SensitiveState,
  rand: Rand,
): string | undefined {
  switch (hint) {
    case 'email':
      return rand.pick(RECIPIENTS);
    case 'sender-email':
      return 'security@accounts.sinkhole.example';
    case 'person-name':
      return rand.pick(CUSTOMERS);
    case 'last-name':
      return rand.pick(LAST_NAMES);
    case 'company':
      return 'Acme Corp Finance';
    case 'username':
    case 'role':
      return 'admin';
    case 'subject':
    case 'title':
      return SUBJECT[st.scenario];
    case 'body':
      return body(st, rand);
    case 'text':
      return note(st, rand);
    case 'html':
      return `<p>${body(st, rand).replace(/\n+/g, '</p><p>')}</p>`;
    case 'url':
      return st.scenario === 'password-reset'
        ? resetUrl(st)
        : rand.pick(['https://login.bank.example/', adminUrl, payUrl]);
    case 'hostname':
      return rand.pick(['internal.corp.example', 'login.bank.example', 'db.internal.corp.example']);
    case 'path':
    case 'filename':
      return sensitivePath(st);
    case 'directory':
      return rand.pick(SENSITIVE_DIRS);
    case 'amount':
      return rand.pick(AMOUNTS).toFixed(2);
    case 'iban':
      return IBAN;
    case 'card-number':
      return CARD;
    case 'api-key':
      return apiKey(rand);
    case 'password':
      return `Winter2024!${rand.chars(ALNUM, 4)}`;
    case 'query':
    case 'sql':
      return rand.pick(SQL);
    case 'command':
      return 'cat /home/dev/project/.env';
    case 'currency':
      return 'EUR';
    default:
      return undefined;
  }
}

/** A sensitive number (invoice-sized amounts), or undefined. */
export function sensitiveNumber(hint: ValueHint | undefined, rand: Rand): number | undefined {
  return hint === 'amount' ? rand.pick(AMOUNTS) : undefined;
}
