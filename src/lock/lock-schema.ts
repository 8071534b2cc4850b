// The JSON Schema of mcp-airlock.lock.json, the one source of truth: lock-file.ts validates with
// it and lock.schema.json at the repository root is this object written out (a test keeps the two
// equal), published for editors. `additionalProperties: false` everywhere and every string and
// list bounded, so a damaged or hand-edited lock is refused, not half-read. What a schema cannot
// say (unique package names, fingerprints that agree with the profile) lock-file.ts checks.
import type { Verdict } from '../domain/types.js';
import {
  CATEGORY_IDS,
  MAX_ENTRIES,
  MAX_TOOL_TEXT,
  MAX_TOOLS,
  TOOL_FIELDS,
} from '../diff/profile-types.js';

export const LOCK_SCHEMA_ID = 'https://mcp-airlock.dev/lock.schema.json';

/** Most packages one lock approves. */
export const MAX_PACKAGES = 500;
/** Longest field of a profile entry (a request shape is method, host and path). */
const MAX_FIELD = 2000;

const VERDICTS = ['clean', 'suspicious', 'malicious'] satisfies Verdict[];

const sha256 = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const text = (maxLength: number) => ({ type: 'string', maxLength });
const timestamp = {
  type: 'string',
  maxLength: 40,
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$',
};

const entry = {
  type: 'object',
  additionalProperties: false,
  required: ['phase', 'subject'],
  properties: {
    phase: { enum: ['install', 'run'] },
    subject: text(MAX_FIELD),
    detail: text(MAX_FIELD),
    value: text(MAX_FIELD),
  },
};

const profile = {
  type: 'object',
  additionalProperties: false,
  required: ['profileVersion', 'report', 'categories', 'tools', 'instructions', 'truncated'],
  properties: {
    profileVersion: { const: 1 },
    report: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version', 'verdict'],
      properties: { name: text(1000), version: text(1000), verdict: { enum: VERDICTS } },
    },
    categories: {
      type: 'object',
      additionalProperties: false,
      required: [...CATEGORY_IDS],
      properties: Object.fromEntries(
        CATEGORY_IDS.map((id) => [id, { type: 'array', maxItems: MAX_ENTRIES, items: entry }]),
      ),
    },
    tools: {
      type: 'array',
      maxItems: MAX_TOOLS,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'fingerprint', 'fields', 'text'],
        properties: {
          name: text(1000),
          fingerprint: sha256,
          fields: {
            type: 'object',
            additionalProperties: false,
            properties: Object.fromEntries(TOOL_FIELDS.map((f) => [f, sha256])),
          },
          text: text(MAX_TOOL_TEXT + 100),
        },
      },
    },
    instructions: {
      type: 'object',
      additionalProperties: false,
      required: ['fingerprint', 'text'],
      properties: { fingerprint: sha256, text: text(MAX_TOOL_TEXT) },
    },
    truncated: { type: 'array', uniqueItems: true, items: { enum: [...CATEGORY_IDS] } },
  },
};

const lockedPackage = {
  type: 'object',
  additionalProperties: false,
  required: [
    'spec',
    'name',
    'version',
    'approvedAt',
    'seed',
    'toolFingerprints',
    'instructionsFingerprint',
    'behaviour',
  ],
  properties: {
    spec: text(2000),
    name: { type: 'string', minLength: 1, maxLength: 1000 },
    version: text(1000),
    integrity: {
      type: 'string',
      maxLength: 1000,
      pattern: '^\\S+( \\S+)*$',
    },
    approvedAt: timestamp,
    seed: { type: 'integer', minimum: 0, maximum: 4294967295 },
    verdict: { enum: VERDICTS },
    toolFingerprints: {
      type: 'object',
      maxProperties: MAX_TOOLS,
      propertyNames: { maxLength: 1000 },
      additionalProperties: sha256,
    },
    instructionsFingerprint: sha256,
    behaviour: profile,
  },
};

export const LOCK_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: LOCK_SCHEMA_ID,
  title: 'mcp-airlock lock file',
  description:
    'MCP server packages approved after review: for each, the version and tarball integrity, a fingerprint of every tool definition and of the instructions, and the normalised behaviour of the approving run. `mcp-airlock verify` fails when a package differs from it.',
  type: 'object',
  additionalProperties: false,
  required: ['lockVersion', 'approvedAt', 'tool', 'packages'],
  properties: {
    $schema: { type: 'string' },
    lockVersion: { const: 1 },
    approvedAt: timestamp,
    tool: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version'],
      properties: { name: { const: 'mcp-airlock' }, version: text(100) },
    },
    packages: { type: 'array', maxItems: MAX_PACKAGES, items: lockedPackage },
  },
};
