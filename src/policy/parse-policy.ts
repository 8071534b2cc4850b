// Reads a policy file (YAML 1.2, or JSON, which is YAML too) into a checked, normalised Policy.
// Every problem is an AnalyzerError('bad-policy') with one line naming the file and where in it
// (`policy.yaml: /egress/0/ports/0 must be an integer between 1 and 65535`, or
// `policy.yaml:3:5: …` for YAML syntax). The text is bounded (size, entries, string lengths,
// aliases), parsed without custom tags or merge keys, duplicate keys are errors, and nothing in it
// is ever evaluated.
import { createHash } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import { parseDocument, type YAMLError } from 'yaml';
import { AnalyzerError } from '../domain/errors.js';
import { checkPolicy, type RawPolicy } from './policy-checks.js';
import { POLICY_SCHEMA } from './policy-schema.js';
import { normaliseHost } from './host-pattern.js';
import { describeSchemaErrors, showPointer } from './schema-errors.js';
import type { EgressEntry, EnvEntry, Policy } from './types.js';

/** Largest policy file read (bytes). */
export const MAX_POLICY_BYTES = 1024 * 1024;
/** Most YAML aliases expanded (a "billion laughs" file is refused, not expanded). */
const MAX_ALIASES = 100;

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  validator ??= new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictRequired: false,
  }).compile(POLICY_SCHEMA);
  return validator;
}

function fail(fileName: string, where: string, message: string): never {
  throw new AnalyzerError('bad-policy', `${fileName}${where} ${message}`.replace(/\s*\n\s*/g, ' '));
}

function yamlProblem(fileName: string, e: YAMLError): never {
  const pos = e.linePos?.[0];
  const where = pos ? `:${pos.line}:${pos.col}:` : ':';
  // with prettyErrors the first line ends in " at line L, column C:" and a snippet follows
  const first = (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  const message = first.startsWith('Source contains multiple documents')
    ? 'holds more than one YAML document'
    : first;
  fail(fileName, where, message || 'is not valid YAML');
}

/** The file's data, as plain JSON values. */
function readYaml(text: string, fileName: string): unknown {
  const doc = parseDocument(text, {
    version: '1.2',
    schema: 'core',
    merge: false,
    resolveKnownTags: false,
    uniqueKeys: true,
    prettyErrors: true,
    strict: true,
  });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) yamlProblem(fileName, problem);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    fail(fileName, ':', `cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function normalise(raw: RawPolicy, fileName: string, text: string): Policy {
  const egress = (raw.egress ?? []).map((e): EgressEntry => {
    const common = {
      ...(e.ports ? { ports: [...e.ports] } : {}),
      ...(e.phases ? { phases: [...e.phases] } : {}),
      reason: e.reason,
      ...(e.expires ? { expires: e.expires } : {}),
    };
    return e.host !== undefined
      ? { host: normaliseHost(e.host), ...common }
      : { cidr: e.cidr ?? '', ...common };
  });
  const env = (raw.env ?? []).map((e): EnvEntry => {
    const why = e.reason ? { reason: e.reason } : {};
    return e.value !== undefined
      ? { name: e.name, secret: false, value: e.value, ...why }
      : {
          name: e.name,
          secret: true,
          ...(e.hosts ? { hosts: e.hosts.map(normaliseHost) } : {}),
          ...why,
        };
  });
  return {
    version: 1,
    source: { file: fileName, sha256: createHash('sha256').update(text, 'utf8').digest('hex') },
    egress,
    env,
    severity: (raw.severity ?? []).map((e) => ({ ...e })),
    ignore: (raw.ignore ?? []).map((e) => ({
      ...e,
      ...(e.host ? { host: normaliseHost(e.host) } : {}),
    })),
  };
}

/** Parses and checks a policy file's text; `fileName` is only used in messages and the outcome. */
export function parsePolicy(text: string, fileName: string): Policy {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_POLICY_BYTES)
    fail(fileName, ':', `is ${bytes} bytes; a policy may be at most ${MAX_POLICY_BYTES} bytes`);
  const data = readYaml(text, fileName);
  const check = validate();
  if (!check(data)) fail(fileName, ':', describeSchemaErrors(check.errors ?? []));
  const raw = data as RawPolicy;
  const problem = checkPolicy(raw);
  if (problem) fail(fileName, ':', `${showPointer(problem.pointer)} ${problem.message}`);
  return normalise(raw, fileName, text);
}
