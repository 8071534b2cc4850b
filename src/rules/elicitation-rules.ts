// mcp/elicitation-secret: a form elicitation that asks the user for a secret. The MCP
// specification says servers must not request sensitive information through form elicitation;
// a server that does is phishing for credentials past the agent. Limits: see catalog.ts.
import type { Finding, ServerRequestRecord } from '../domain/types.js';
import { RULES } from './catalog.js';

const SECRET =
  /pass(?:word|phrase|wd|code)|\bpin\b|secret|\btoken\b|api[\s_-]?key|access[\s_-]?key|private[\s_-]?key|credential|\bssn\b|social security|card[\s_-]?number|\bcvv\b|\bcvc\b|seed[\s_-]?phrase|recovery[\s_-]?(?:phrase|code)|mnemonic|\botp\b|one[\s-]time (?:code|password)|2fa|mfa|verification code/i;

/** A message that asks for the secret (an asking verb shortly before it), not one that names it. */
const ASK = new RegExp(
  `\\b(?:enter|provide|type|paste|give|input|share|supply|send)\\b[^.!?\\n]{0,60}?(?:${SECRET.source})`,
  'i',
);

/** The requested field (or message) that asks for a secret, if any. */
function askedSecret(r: ServerRequestRecord): string | undefined {
  const fields = r.requestedFields ?? [];
  const field = fields.find((f) => SECRET.test(f));
  if (field) return field;
  if (fields.length === 0) return undefined;
  // The message counts only together with a field to type into.
  const message = /"message":"((?:[^"\\]|\\.){0,500})/.exec(r.excerpt)?.[1] ?? '';
  return ASK.test(message) ? `message: ${message}` : undefined;
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
