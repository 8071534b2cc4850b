// Tests for synthetic tool arguments: determinism, schema features, and hostile schemas.
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENDLESS_CHAIN, REF_CYCLE } from './testdata/hostile-schemas.js';
import { generateArguments } from './generate-args.js';

const gen = (schema: unknown, seed = 1, variant = 1) =>
  generateArguments(schema, { seed, variant });

const rich = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    count: { type: 'integer', minimum: 0, maximum: 1000 },
    ratio: { type: 'number' },
    tags: { type: 'array', items: { type: 'string' } },
    mode: { type: 'string', enum: ['fast', 'slow', 'auto'] },
    note: { type: 'string' },
  },
  required: ['name', 'count'],
};

afterEach(() => vi.restoreAllMocks());

describe('generateArguments: determinism and variants', () => {
  it('is deterministic for the same schema, seed and variant', () => {
    for (const variant of [0, 1, 2, 5]) {
      expect(gen(rich, 42, variant)).toEqual(gen(rich, 42, variant));
      expect(gen(structuredClone(rich), 42, variant)).toEqual(gen(rich, 42, variant));
    }
  });

  it('gives different values for different variants and seeds', () => {
    const values = [1, 2, 3, 4].map((v) => JSON.stringify(gen(rich, 7, v).args));
    expect(new Set(values).size).toBeGreaterThan(1);
    expect(gen(rich, 1, 1).args).not.toEqual(gen(rich, 2, 1).args);
    expect(gen(rich, 7, 0).args).not.toEqual(gen(rich, 7, 1).args);
  });

  it('variant 0 fills required properties only; variant > 0 fills optionals too', () => {
    const v0 = gen(rich, 3, 0);
    expect(v0).toMatchObject({ valid: true, strategy: 'tailored', kind: 'minimal', errors: [] });
    expect(Object.keys(v0.args).sort()).toEqual(['count', 'name']);
    const v1 = gen(rich, 3, 1);
    expect(v1.valid).toBe(true);
    expect(Object.keys(v1.args).sort()).toEqual(Object.keys(rich.properties).sort());
  });

  it('does not leak its seeded PRNG into Math.random', () => {
    const before = Math.random;
    gen(rich);
    expect(Math.random).toBe(before);
  });
});

describe('generateArguments: schema features', () => {
  it('respects enum and const', () => {
    const schema = {
      type: 'object',
      properties: { mode: { enum: ['a', 'b', 3] }, kind: { const: 'fixed' } },
      required: ['mode', 'kind'],
    };
    for (let seed = 0; seed < 20; seed++) {
      const r = gen(schema, seed, seed % 3);
      expect(r.valid).toBe(true);
      expect(['a', 'b', 3]).toContain(r.args.mode);
      expect(r.args.kind).toBe('fixed');
    }
  });

  it('produces valid documentation-style formats', () => {
    const schema = {
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email' },
        uri: { type: 'string', format: 'uri' },
        url: { type: 'string', format: 'url' },
        id: { type: 'string', format: 'uuid' },
        when: { type: 'string', format: 'date-time' },
        host: { type: 'string', format: 'hostname' },
        ip: { type: 'string', format: 'ipv4' },
      },
      required: ['email', 'uri', 'url', 'id', 'when', 'host', 'ip'],
    };
    for (let seed = 0; seed < 10; seed++) {
      const r = gen(schema, seed, seed % 2);
      expect(r).toMatchObject({ valid: true, strategy: 'tailored' });
      const a = r.args as Record<string, string>;
      expect(a.email).toMatch(/^[a-z]+\.[a-z]+@(example\.(com|org)|mail\.example)$/);
      expect(a.uri).toMatch(/^https:\/\/([a-z0-9.]+\.)?example\.(com|org|net)\//);
      expect(a.url).toMatch(/^https:\/\/([a-z0-9.]+\.)?example\.(com|org|net)\//);
      expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Number.isNaN(Date.parse(a.when ?? ''))).toBe(false);
      expect(a.host).toMatch(/\.example(\.(com|net|org))?$/);
      expect(a.ip).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/);
    }
  });

  it('follows nested local $refs into #/definitions and #/$defs', () => {
    const draft7 = {
      type: 'object',
      definitions: {
        point: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] },
        shape: {
          type: 'object',
          properties: { at: { $ref: '#/definitions/point' } },
          required: ['at'],
        },
      },
      properties: { shape: { $ref: '#/definitions/shape' } },
      required: ['shape'],
    };
    const r7 = gen(draft7, 5, 0);
    expect(r7.valid).toBe(true);
    expect(typeof (r7.args.shape as { at: { x: unknown } }).at.x).toBe('number');
    const defs = {
      type: 'object',
      $defs: { id: { type: 'string', pattern: '^id-[0-9]{3}$' } },
      properties: { ids: { type: 'array', items: { $ref: '#/$defs/id' }, minItems: 1 } },
      required: ['ids'],
    };
    const r = gen(defs, 5, 1);
    expect(r.valid).toBe(true);
    expect((r.args.ids as string[])[0]).toMatch(/^id-[0-9]{3}$/);
  });

  it('handles a 2020-12 schema with prefixItems', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        pair: {
          type: 'array',
          prefixItems: [
            { type: 'string', format: 'email' },
            { type: 'integer', minimum: 1 },
          ],
          items: false,
          minItems: 2,
        },
      },
      required: ['pair'],
    };
    for (const variant of [0, 1, 2]) {
      const r = gen(schema, 9, variant);
      expect(r.valid).toBe(true);
      const [first, second] = r.args.pair as [unknown, unknown];
      expect(first).toMatch(/@(example\.(com|org)|mail\.example)$/);
      expect(Number.isInteger(second)).toBe(true);
    }
  });

  it('handles oneOf, anyOf and allOf', () => {
    const schema = {
      type: 'object',
      properties: {
        target: {
          oneOf: [
            { type: 'string', format: 'uri' },
            { type: 'integer', minimum: 1 },
          ],
        },
        value: { anyOf: [{ type: 'boolean' }, { type: 'null' }] },
        both: {
          allOf: [
            { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
            { type: 'object', properties: { b: { type: 'integer' } }, required: ['b'] },
          ],
        },
      },
      required: ['target', 'value', 'both'],
    };
    for (let seed = 0; seed < 10; seed++) {
      const r = gen(schema, seed, seed % 2);
      expect(r.valid, r.errors.join('; ')).toBe(true);
      expect(Object.keys(r.args.both as object)).toEqual(expect.arrayContaining(['a', 'b']));
    }
  });

  it('respects pattern and numeric/length/array bounds', () => {
    const schema = {
      type: 'object',
      properties: {
        code: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' },
        n: { type: 'integer', minimum: 10, maximum: 20 },
        r: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
        s: { type: 'string', minLength: 3, maxLength: 5 },
        list: { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2 },
      },
      required: ['code', 'n', 'r', 's', 'list'],
    };
    for (let seed = 0; seed < 20; seed++) {
      const r = gen(schema, seed, seed % 3);
      expect(r.valid, r.errors.join('; ')).toBe(true);
      expect(r.args.code).toMatch(/^[A-Z]{3}-\d{4}$/);
      expect(r.args.n).toBeGreaterThanOrEqual(10);
      expect(r.args.n).toBeLessThanOrEqual(20);
      expect(r.args.r).toBeGreaterThan(0);
      expect((r.args.s as string).length).toBeGreaterThanOrEqual(3);
      expect((r.args.s as string).length).toBeLessThanOrEqual(5);
      expect(r.args.list).toHaveLength(2);
    }
  });

  it('meets a large minLength', () => {
    const schema = {
      type: 'object',
      properties: { long: { type: 'string', minLength: 100 } },
      required: ['long'],
    };
    const r = gen(schema, 1, 1);
    expect(r).toMatchObject({ valid: true });
    expect((r.args.long as string).length).toBeGreaterThanOrEqual(100);
  });
});

describe('generateArguments: top-level and hostile schemas', () => {
  it('treats a missing or empty schema as valid {} and a non-object schema as invalid', () => {
    const none = { args: {}, valid: true, strategy: 'empty', kind: 'realistic', errors: [] };
    expect(gen(undefined)).toEqual(none);
    expect(gen({})).toEqual(none);
    for (const bad of [{ type: 'string' }, 'object', 42, [], false]) {
      const r = gen(bad);
      expect(r).toMatchObject({ args: {}, valid: false, strategy: 'empty' });
      expect(r.errors.length).toBeGreaterThan(0);
    }
  });

  it('reports an impossible schema as invalid without throwing', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string', minLength: 5, maxLength: 2 } },
      required: ['a'],
    };
    const r = gen(schema);
    expect(r.valid).toBe(false);
    expect(r.errors.join(' ')).toMatch(/characters/);
  });

  it('never fetches a remote $ref', () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const schema = {
      type: 'object',
      properties: { x: { $ref: 'http://198.51.100.1/x.json' }, y: { type: 'string' } },
      required: ['x', 'y'],
    };
    const r = gen(schema);
    expect(connect).not.toHaveBeenCalled();
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(typeof r.args.y).toBe('string');
    expect(r.errors.join(' ')).toMatch(/non-local \$ref/);
  });

  it('terminates on recursive and cyclic schemas', () => {
    const self = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        child: { $ref: '#' },
        kids: { type: 'array', items: { $ref: '#' } },
      },
      required: ['name'],
    };
    const loopy = {
      type: 'object',
      patternProperties: { '^a$': {} },
      additionalProperties: false,
      minProperties: 3,
    };
    for (const schema of [self, REF_CYCLE, ENDLESS_CHAIN, loopy]) {
      for (const variant of [0, 1, 2]) expect(() => gen(schema, 3, variant)).not.toThrow();
    }
    for (const variant of [0, 1, 2]) expect(gen(self, 3, variant).valid).toBe(true);
    // a -> b -> a has no meaning, an endless required chain has no finite instance, and only one
    // key can match ^a$: all are reported invalid rather than looping.
    expect(gen(REF_CYCLE).valid).toBe(false);
    expect(gen(ENDLESS_CHAIN).valid).toBe(false);
    expect(gen(loopy).valid).toBe(false);
  });

  it('caps very deep schemas and oversized output', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 500; i++)
      deep = { type: 'object', properties: { d: deep }, required: ['d'] };
    const r = gen(deep);
    expect(r.valid).toBe(false);
    expect(r.errors.join(' ')).toMatch(/too deep/);
    const huge = {
      type: 'object',
      properties: {
        big: { type: 'array', minItems: 64, items: { type: 'string', minLength: 4096 } },
      },
      required: ['big'],
    };
    const h = gen(huge);
    expect(h.valid).toBe(false);
    expect(JSON.stringify(h.args).length).toBeLessThanOrEqual(64 * 1024);
  });

  it('completes 50 calls quickly', () => {
    const start = performance.now();
    for (let i = 0; i < 50; i++) gen(rich, i, i % 4);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
