// Turns ajv's errors for a policy into one line a person can act on: the JSON path and what is
// wrong there (`/egress/0/ports/0 must be an integer between 1 and 65535`). Ajv is run with
// `verbose` so each error carries the schema it failed, which names the allowed keys and ranges.
// One error is reported: the first unknown key if any, else the first error, or the combinator
// (oneOf, not) that wraps it.
import type { ErrorObject } from 'ajv';
import { didYouMean, quote } from './did-you-mean.js';

type SchemaNode = Record<string, unknown>;

function node(value: unknown): SchemaNode {
  return value && typeof value === 'object' ? (value as SchemaNode) : {};
}

/** A JSON pointer as shown in messages; the root is "top level". */
export function showPointer(pointer: string): string {
  return pointer === '' ? 'top level' : pointer;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of keys to values',
};

function rangeMessage(parent: SchemaNode): string | undefined {
  const { minimum, maximum } = parent;
  if (typeof minimum === 'number' && typeof maximum === 'number')
    return `must be an integer between ${minimum} and ${maximum}`;
  return undefined;
}

function keysOf(branches: unknown): string[] {
  return Array.isArray(branches)
    ? branches.flatMap((b) => {
        const req = node(b).required;
        return Array.isArray(req) ? req.map(String) : [];
      })
    : [];
}

function messageFor(e: ErrorObject): string {
  const parent = node(e.parentSchema);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys(node(parent.properties));
      return `has an unknown key ${quote(key)}${didYouMean(key, known)}`;
    }
    case 'required':
      return `must have ${quote(params.missingProperty)}`;
    case 'type':
      return rangeMessage(parent) ?? `must be ${TYPE_NAMES[String(params.type)] ?? params.type}`;
    case 'minimum':
    case 'maximum':
      return (
        rangeMessage(parent) ?? `must be ${e.keyword === 'minimum' ? '>=' : '<='} ${params.limit}`
      );
    case 'enum': {
      const allowed = Array.isArray(e.schema) ? e.schema.map(String) : [];
      return `must be one of ${allowed.join(', ')}, not ${quote(e.data)}${typeof e.data === 'string' ? didYouMean(e.data, allowed) : ''}`;
    }
    case 'const':
      return `must be ${quote(e.schema)}`;
    case 'pattern':
      return typeof parent.description === 'string'
        ? `must be ${parent.description}, not ${quote(e.data)}`
        : `has an invalid format: ${quote(e.data)}`;
    case 'minLength':
      return params.limit === 1
        ? 'must not be empty'
        : `must be at least ${params.limit} characters`;
    case 'maxLength':
      return `must be at most ${params.limit} characters`;
    case 'minItems':
      return `must list at least ${params.limit} ${params.limit === 1 ? 'entry' : 'entries'}`;
    case 'maxItems':
      return `must list at most ${params.limit} entries`;
    case 'uniqueItems': {
      const items = Array.isArray(e.data) ? e.data : [];
      return `lists ${quote(items[Number(params.j)])} twice`;
    }
    case 'oneOf': {
      const keys = keysOf(e.schema).map(quote).join(' or ');
      return Array.isArray(params.passingSchemas)
        ? `must have only one of ${keys}`
        : `must have one of ${keys}`;
    }
    case 'not': {
      const keys = keysOf([e.schema]);
      return keys.length > 0
        ? `must not have ${keys.map(quote).join(', ')}`
        : 'is not allowed here';
    }
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}

/** The one-line description of what is wrong (without the file name). */
export function describeSchemaErrors(errors: readonly ErrorObject[]): string {
  // a misspelt key also makes the real one "missing": the unknown key, with a hint, says more
  const first = errors.find((e) => e.keyword === 'additionalProperties') ?? errors[0];
  if (!first) return 'is not a valid policy';
  // a combinator reports its branches' errors first; the combinator itself says it better
  const wrapper = errors
    .filter((e) => e !== first && first.schemaPath.startsWith(`${e.schemaPath}/`))
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length)[0];
  const chosen = wrapper ?? first;
  const dependency = /\/dependencies\/([^/]+)\//.exec(chosen.schemaPath);
  const when = dependency ? ` when ${quote(dependency[1])} is given` : '';
  return `${showPointer(chosen.instancePath)} ${messageFor(chosen)}${when}`;
}
