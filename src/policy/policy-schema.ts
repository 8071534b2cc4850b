// The JSON Schema of the policy file, the one source of truth: parse-policy.ts validates with it
// and policy.schema.json at the repository root is this object written out (a test keeps the two
// equal), published for editors. `additionalProperties: false` everywhere, so a misspelt key is
// an error, not a silently ignored line. What a schema cannot say (valid CIDR, a real calendar
// date, a rule id in the catalog, `secret: false` needing a value) is checked in
// policy-checks.ts. Pattern-checked strings carry a noun-phrase `description`: the error
// message reads "must be <description>".
import { PHASES, SEVERITIES } from '../domain/types.js';

export const POLICY_SCHEMA_ID = 'https://mcp-airlock.dev/policy.schema.json';

/** Most entries in each list; a policy is written by hand. */
export const MAX_ENTRIES = 1000;

const reason = {
  type: 'string',
  description: 'a non-empty explanation',
  minLength: 1,
  maxLength: 1000,
  pattern: '\\S',
};

const expires = {
  type: 'string',
  description: 'a date written YYYY-MM-DD (the entry stops applying at 00:00 UTC that day)',
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
};

const hostPattern = {
  type: 'string',
  description:
    'a host name (api.example.com) or a wildcard for a domain and its subdomains (*.example.com)',
  minLength: 1,
  maxLength: 253,
  pattern: '^(\\*\\.)?[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?$',
};

const ruleId = {
  type: 'string',
  description: 'a rule id such as net/egress-http (see the rule catalog)',
  maxLength: 100,
  pattern: '^[a-z]+/[a-z0-9-]+$',
};

const port = { type: 'integer', minimum: 1, maximum: 65535 };

const list = (items: object) => ({ type: 'array', maxItems: MAX_ENTRIES, items });

export const POLICY_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: POLICY_SCHEMA_ID,
  title: 'mcp-airlock policy',
  description:
    'What a reviewed MCP server may do: the destinations it may reach, the environment it is given, and findings whose severity is changed or that are ignored. Every allow, override and ignore entry says why.',
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    $schema: { type: 'string' },
    version: { const: 1 },
    egress: list({
      type: 'object',
      description:
        'A destination the server may reach: exactly one of host or cidr. Allows only network findings about that destination (net/egress-http, net/raw-ip, net/non-http-tcp, net/udp, net/dns-lookup, net/configured-endpoint, install/egress); canary, taint, fronting and all other findings stay.',
      additionalProperties: false,
      required: ['reason'],
      oneOf: [{ required: ['host'] }, { required: ['cidr'] }],
      properties: {
        host: hostPattern,
        cidr: {
          type: 'string',
          description: 'an IPv4 or IPv6 address or range (203.0.113.0/24, 2001:db8::/32)',
          maxLength: 64,
          pattern: '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$',
        },
        ports: { type: 'array', minItems: 1, maxItems: 100, uniqueItems: true, items: port },
        phases: {
          type: 'array',
          description: 'the phases it is allowed in (default: all)',
          minItems: 1,
          uniqueItems: true,
          items: { enum: [...PHASES] },
        },
        reason,
        expires,
      },
    }),
    env: list({
      type: 'object',
      description:
        'An environment variable the server is given: a credential planted as a canary (secret, the default), or a non-secret setting with its value.',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: {
          type: 'string',
          description: 'an environment variable name (letters, digits, underscore)',
          maxLength: 128,
          pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
        },
        secret: { type: 'boolean' },
        value: { type: 'string', maxLength: 4096 },
        hosts: { type: 'array', minItems: 1, maxItems: 100, items: hostPattern },
        reason,
      },
      dependencies: {
        value: { properties: { secret: { const: false } }, not: { required: ['hosts'] } },
      },
    }),
    severity: list({
      type: 'object',
      description: 'Every finding of the rule gets this severity instead.',
      additionalProperties: false,
      required: ['rule', 'severity', 'reason'],
      properties: { rule: ruleId, severity: { enum: [...SEVERITIES] }, reason, expires },
    }),
    ignore: list({
      type: 'object',
      description:
        'Findings of the rule are dropped from the report (listed in its policy section); host, tool and path narrow it.',
      additionalProperties: false,
      required: ['rule', 'reason'],
      properties: {
        rule: ruleId,
        host: hostPattern,
        tool: { type: 'string', minLength: 1, maxLength: 256 },
        path: {
          type: 'string',
          description:
            'a path as the report shows it (~/… or absolute; dir/** for anything under dir)',
          minLength: 1,
          maxLength: 4096,
          pattern: '^(~/|/)',
        },
        reason,
        expires,
      },
    }),
  },
} as const;
