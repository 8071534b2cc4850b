// mcp/elicitation-secret: a form elicitation that asks the user for a secret. The MCP
// specification says servers must not request sensitive information through form elicitation;
// a server that does is phishing for credentials past the agent. Limits: see catalog.ts.
import type { Finding, ServerRequestRecord } from '../domain/types.js';
import { RULES } from './catalog.js';

const SECRET =
  /pass(?:word|phrase|wd|code)|\bpin\b|secret|\btoken\b|api[\s_-]?key|access[\s_-]?key|private[\s_-]?key|credential|\bssn\b|social security|card[\s_-]?number|\bcvv\b|\bcvc\b|seed[\s_-]?phrase|recovery[\s_-]?(?:phrase|code)|mnemonic|\botp\b|one[\s-]time (?:code|password)|2fa|mfa|verification code/i;

/** A text that asks for the secret (an asking verb shortly before it), not one that names it. */
const ASK = new RegExp(
  `\\b(?:enter|provide|type|paste|give|input|share|supply|send)\\b[^.!?\\n]{0,60}?(?:${SECRET.source})`,
  'i',
);
const NEGATED = /\b(?:not|never|no)\s+$|n't\s+$/i;

/** True when the text asks for a secret and the request is not negated ("do not give us your pin"). */
function asks(text: string): boolean {
  const m = ASK.exec(text);
  return m !== null && !NEGATED.test(text.slice(Math.max(0, m.index - 20), m.index));
}

/** True when the text names a secret outside a negated clause ("do not give us your pin"). */
function namesSecret(text: string): boolean {
  const all = new RegExp(SECRET.source, 'gi');
  for (const m of text.slice(0, 2000).matchAll(all)) {
    const before = text.slice(0, m.index);
    const clause = before.slice(
      Math.max(...['.', '(', ';', '!', '?'].map((c) => before.lastIndexOf(c))) + 1,
    );
    if (!/\b(?:not|never|no|without)\b|n't/i.test(clause)) return true;
  }
  return false;
}

/** The requested field (or message) that asks for a secret, if any. */
function askedSecret(r: ServerRequestRecord): string | undefined {
  const fields = r.requestedFields ?? [];
  // A field named, titled or described as a secret (negated mentions aside).
  const field = fields.find((f) => {
    const [label = '', description = ''] = f.split(' — ');
    return SECRET.test(label) || namesSecret(description);
  });
  if (field) return field;
  if (fields.length === 0) return undefined;
  // The message counts only together with a field to type into.
  const message = /"message":"((?:[^"\\]|\\.){0,500})/.exec(r.excerpt)?.[1] ?? '';
  return asks(message) ? `message: ${message}` : undefined;
}

export function elicitationFindings(requests: readonly ServerRequestRecord[]): Finding[] {
  const out: Finding[] = [];
  for (const r of requests) {
    if (r.method !== 'elicitation/create') continue;
    const asked = askedSecret(r);
    if (!asked) continue;
    out.push({
      rule: RULES.elicitationSecret.id,
      severity: RULES.elicitationSecret.severity,
      title: `The server asked the user for a secret through elicitation${r.tool ? ` during ${r.tool}` : ''}`,
      phase: r.callId ? 'exercise' : 'enumerate',
      ...(r.tool ? { tool: r.tool } : {}),
      ...(r.callId ? { callId: r.callId } : {}),
      evidence: { source: 'server-request', value: asked.slice(0, 300), payloadExcerpt: r.excerpt },
    });
    if (out.length >= 50) break;
  }
  return out;
}
