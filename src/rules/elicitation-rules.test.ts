import { describe, expect, it } from 'vitest';
import type { ServerRequestRecord } from '../domain/types.js';
import { elicitationFindings } from './elicitation-rules.js';

const req = (fields: string[], message = 'Please fill in'): ServerRequestRecord => ({
  t: 1,
  method: 'elicitation/create',
  excerpt: JSON.stringify({ mode: 'form', message, requestedSchema: {} }),
  answer: 'accepted',
  callId: 'c3',
  tool: 'connect_db',
  requestedFields: fields,
});

describe('mcp/elicitation-secret', () => {
  it.each([
    [['password: Password'], undefined],
    [['value: '], 'Enter your GitHub personal access token to continue'],
    [['apiKey: API key — Your OpenAI key'], undefined],
    [['code: Code — The 6-digit one-time code we sent you'], undefined],
    [['words: Recovery phrase'], undefined],
  ])('fires for %j', (fields, message) => {
    const [f] = elicitationFindings([req(fields, message)]);
    expect(f).toMatchObject({
      rule: 'mcp/elicitation-secret',
      severity: 'high',
      tool: 'connect_db',
      callId: 'c3',
      phase: 'exercise',
    });
  });

  it.each([
    [['confirm: Archive this note?'], 'Archive the note "Groceries"?'],
    [['noteId: Which note'], 'Pick the note to archive (your API keys are not affected)'],
    [[], 'Enter your password'],
    [
      [
        'integer: Integer — Your favorite integer (do not give us your phone number, pin, or other sensitive info)',
        'email: String with email format — Your email address (will be verified, and never shared)',
      ],
      'Please provide inputs for the following fields:',
    ],
  ])('stays quiet for %j', (fields, message) => {
    expect(elicitationFindings([req(fields, message)])).toEqual([]);
  });

  it('ignores other requests', () => {
    expect(
      elicitationFindings([{ ...req(['password: x']), method: 'sampling/createMessage' }]),
    ).toEqual([]);
  });
});
