// Tests for the four input kinds over a table of schemas: every set is checked by an Ajv instance
// of the test's own, is reproducible, varies with the variant, and looks like its kind.
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { ENDLESS_CHAIN, REF_CYCLE } from './testdata/hostile-schemas.js';
import type { InputKind } from '../../src/domain/types.js';
import { generateArguments } from './generate-args.js';
import data from './testdata/kind-schemas.json' with { type: 'json' };

const SCHEMAS = data.schemas as Record<string, Record<string, unknown>>;
const KINDS: InputKind[] = ['minimal', 'realistic', 'boundary', 'sensitive'];

/** An Ajv independent of the generator's: own instances, dialect from the schema. */
function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  const opts = { strict: false, allErrors: true } as const;
  const modern = String(schema.$schema ?? '').includes('2020-12') || '$defs' in schema;
  const ajv = modern ? new Ajv2020(opts) : new Ajv(opts);
  addFormats.default(ajv);
  return ajv.compile(schema);
}

const gen = (schema: unknown, kind: InputKind, variant = 1, seed = 7) =>
  generateArguments(schema, { seed, variant, kind });

/** Every string inside a value. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v !== null && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

const DOC_HOST = /(^|\.)(example|test|invalid)$|(^|\.)example\.(com|org|net)$/;
const DOC_IPV4 = /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$/;

/** Hosts named in URLs and mail addresses, and bare IPv4 addresses, found in a string. */
function hostsIn(s: string): string[] {
  const urls = [...s.matchAll(/[a-z]+:\/\/(?:[^@/\s]*@)?([^/:?#\s]+)/gi)].map((m) => m[1] ?? '');
  const mails = [...s.matchAll(/@([a-z0-9.-]+\.[a-z]{2,})/gi)].map((m) => m[1] ?? '');
  return [...urls, ...mails].map((h) => h.toLowerCase());
}

describe.each(Object.entries(SCHEMAS))('schema %s', (_name, schema) => {
  const validate = validatorFor(schema);

  it.each(KINDS)('%s sets validate, repeat, and vary with the variant', (kind) => {
    const sets = [1, 2, 3, 4].map((variant) => gen(schema, kind, variant));
    for (const r of sets) {
      expect(r).toMatchObject({ kind, strategy: 'tailored' });
      expect(r.valid, r.errors.join('; ')).toBe(true);
      expect(r.errors).toEqual([]);
      expect(validate(r.args), JSON.stringify(validate.errors)).toBe(true);
      expect(JSON.stringify(r.args).length).toBeLessThanOrEqual(64 * 1024);
    }
    expect(gen(structuredClone(schema), kind, 3)).toEqual(sets[2]);
    expect(new Set(sets.map((r) => JSON.stringify(r.args))).size).toBeGreaterThan(1);
  });

  it('names only documentation hosts and addresses', () => {
    for (const kind of KINDS) {
      for (const variant of [1, 2, 3]) {
        for (const s of strings(gen(schema, kind, variant).args)) {
          for (const host of hostsIn(s)) expect(host, s).toMatch(DOC_HOST);
          if (/^\d+\.\d+\.\d+\.\d+$/.test(s)) expect(s).toMatch(DOC_IPV4);
          if (/^[0-9a-f:]+$/i.test(s) && s.includes('::')) expect(s).toMatch(/^2001:db8:/);
        }
      }
    }
  });
});

describe('kinds', () => {
  it('tailors most sets rather than falling back', () => {
    let tailored = 0;
    let total = 0;
    for (const schema of Object.values(SCHEMAS)) {
      for (const kind of KINDS) {
        for (const variant of [1, 2]) {
          total++;
          if (gen(schema, kind, variant).strategy === 'tailored') tailored++;
        }
      }
    }
    expect(tailored / total).toBeGreaterThan(0.95);
  });

  it('minimal sends required properties only, preferring defaults and examples', () => {
    const schema = {
      type: 'object',
      properties: {
        path: { type: 'string', default: 'README.md' },
        lang: { type: 'string', examples: ['de'] },
        head: { type: 'number' },
      },
      required: ['path', 'lang'],
    };
    expect(gen(schema, 'minimal').args).toEqual({ path: 'README.md', lang: 'de' });
    expect(Object.keys(gen(SCHEMAS['postmark-send-email'], 'minimal').args).sort()).toEqual([
      'subject',
      'textBody',
      'to',
    ]);
  });

  it('realistic fills every property with values a developer would send', () => {
    const mail = gen(SCHEMAS['postmark-send-email'], 'realistic').args;
    expect(Object.keys(mail).sort()).toEqual([
      'from',
      'htmlBody',
      'subject',
      'tag',
      'textBody',
      'to',
    ]);
    expect(mail.to).toMatch(/^[a-z]+\.[a-z]+@/);
    expect(mail.htmlBody).toMatch(/^<p>/);
    const read = gen(SCHEMAS['filesystem-read-text-file'], 'realistic').args;
    expect(read.path).toMatch(/^(\/home\/dev\/project\/)?[a-z]+(\/[a-z.-]+)*\.[a-z]+$/);
    expect(Number.isInteger(read.head)).toBe(true);
    const memory = gen(SCHEMAS['memory-create-entities'], 'realistic', 2).args;
    const [entity] = memory.entities as { name: string; observations: string[] }[];
    expect(entity?.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    expect(entity?.observations[0]).toMatch(/\.$/);
  });

  it('sensitive mail is a password reset pointing at a sinkhole', () => {
    const r = gen(SCHEMAS['postmark-send-email'], 'sensitive', 1);
    expect(r.args.subject).toBe('Reset your password');
    expect(r.args.textBody).toMatch(/https:\/\/accounts\.sinkhole\.example\/reset\?token=\w{32}/);
    expect(r.args.to).toMatch(/@(acme-corp|internal\.corp)\.example$/);
    const other = gen(SCHEMAS['postmark-send-email'], 'sensitive', 2);
    expect(other.args.textBody).toContain('DE89370400440532013000');
    const seeds = [1, 2, 3].map((seed) =>
      gen(SCHEMAS['postmark-send-email'], 'sensitive', 1, seed),
    );
    expect(new Set(seeds.map((s) => s.args.textBody)).size).toBe(3);
  });

  it('sensitive paths are credential files', () => {
    for (const variant of [1, 2, 3]) {
      const r = gen(SCHEMAS['filesystem-read-text-file'], 'sensitive', variant);
      expect(r.args.path).toMatch(/\/\.ssh\/|\.env$/);
    }
    const many = gen(SCHEMAS['filesystem-read-multiple-files'], 'sensitive', 2).args;
    for (const p of many.paths as string[]) expect(p).toMatch(/\/\.|^~\/\./);
  });

  it('sensitive amounts, IBANs, cards, keys and queries look like money and secrets', () => {
    const schema = {
      type: 'object',
      properties: {
        amount: { type: 'number', minimum: 0 },
        iban: { type: 'string' },
        cardNumber: { type: 'string' },
        apiKey: { type: 'string' },
        sql: { type: 'string' },
        url: { type: 'string', format: 'uri' },
      },
    };
    const a = gen(schema, 'sensitive', 2).args;
    expect(a.amount).toBeGreaterThan(1000);
    expect(a.iban).toBe('DE89370400440532013000');
    expect(a.cardNumber).toBe('4111 1111 1111 1111');
    expect(a.apiKey).toMatch(/^sk_live_[A-Za-z0-9]{24}$/);
    expect(a.sql).toMatch(/\b(users|passwords)\b/);
    expect(a.url).toMatch(/^https:\/\/[a-z.]+\.example\//);
  });

  it('boundary reaches maxLength and maximum on odd variants, the minimum on even', () => {
    const schema = {
      type: 'object',
      properties: {
        title: { type: 'string', maxLength: 200 },
        body: { type: 'string' },
        n: { type: 'integer', minimum: -5, maximum: 500 },
        r: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        list: { type: 'array', items: { type: 'string', maxLength: 3 }, maxItems: 6 },
      },
      required: ['title', 'n'],
    };
    const high = gen(schema, 'boundary', 1).args;
    expect(Array.from(high.title as string)).toHaveLength(200);
    expect(Array.from(high.body as string)).toHaveLength(4096);
    expect(high.n).toBe(500);
    expect(high.r).toBeLessThan(1);
    expect(high.r).toBeGreaterThan(0.99);
    expect(high.list).toHaveLength(6);
    expect(high.title).toMatch(/["'<>/\\]|[^\p{ASCII}]/u);
    const low = gen(schema, 'boundary', 2).args;
    expect(low).toMatchObject({ title: '', body: '', n: -5, list: [] });
    expect(low.r).toBeGreaterThan(0);
    expect(low.r).toBeLessThan(0.01);
  });

  it('boundary uses at most 1000 for an unbounded count', () => {
    const schema = {
      type: 'object',
      properties: { steps: { type: 'integer' } },
      required: ['steps'],
    };
    expect(gen(schema, 'boundary', 1).args.steps).toBe(1000);
  });

  it('boundary uses huge and negative numbers when unbounded', () => {
    const schema = {
      type: 'object',
      properties: { score: { type: 'integer' } },
      required: ['score'],
    };
    expect(gen(schema, 'boundary', 1).args.score).toBe(Number.MAX_SAFE_INTEGER);
    const lows = [2, 4, 6, 8, 10, 12].map((v) => gen(schema, 'boundary', v, v).args.score);
    expect(lows.every((k) => typeof k === 'number' && k <= 0)).toBe(true);
  });

  it('boundary nests optional objects and recursive schemas, and ends', () => {
    const tree = {
      type: 'object',
      properties: {
        name: { type: 'string', maxLength: 8 },
        child: { $ref: '#' },
        kids: { type: 'array', items: { $ref: '#' }, maxItems: 2 },
      },
      required: ['name'],
    };
    for (const kind of KINDS) {
      const r = gen(tree, kind, 1);
      expect(r.valid, `${kind}: ${r.errors.join('; ')}`).toBe(true);
    }
    const deep = gen(tree, 'boundary', 1).args as { child?: { child?: unknown } };
    expect(deep.child?.child).toBeDefined();
  });

  it('falls back when the tailored value cannot validate, and says why only when invalid', () => {
    const overlapping = {
      type: 'object',
      properties: { v: { oneOf: [{ type: 'string' }, { type: 'string', maxLength: 100 }] } },
      required: ['v'],
    };
    const r = gen(overlapping, 'realistic');
    expect(r.valid).toBe(false);
    expect(r.errors.join(' ')).toMatch(/tailored output invalid/);
    const tricky = {
      type: 'object',
      properties: { v: { type: 'string', not: { const: 'x' }, minLength: 1 } },
      required: ['v'],
    };
    expect(gen(tricky, 'boundary', 2)).toMatchObject({ valid: true, errors: [] });
  });
});

describe('hostile schemas, every kind', () => {
  const nest = (levels: number, minItems: number) => {
    let s: Record<string, unknown> = { type: 'integer' };
    for (let i = 0; i < levels; i++) s = { type: 'array', minItems, items: s };
    return { type: 'object', properties: { a: s }, required: ['a'] };
  };
  const wide = {
    type: 'object',
    properties: Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`f${i}`, { type: 'string' }]),
    ),
  };

  it.each(KINDS)('%s: ends quickly, stays under 64 KiB, leaves Math.random alone', (kind) => {
    const random = Math.random;
    for (const schema of [nest(10, 64), REF_CYCLE, ENDLESS_CHAIN, wide]) {
      const start = performance.now();
      const r = gen(schema, kind);
      expect(performance.now() - start).toBeLessThan(3000);
      expect(JSON.stringify(r.args).length).toBeLessThanOrEqual(64 * 1024);
    }
    expect(gen(REF_CYCLE, kind).valid).toBe(false);
    expect(gen(ENDLESS_CHAIN, kind).valid).toBe(false);
    expect(gen(nest(10, 64), kind).valid).toBe(false);
    expect(Math.random).toBe(random);
  });

  it('keeps a property named __proto__ as an own key', () => {
    const schema = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"string","maxLength":5},"path":{"type":"string"}},"required":["__proto__","path"]}',
    ) as Record<string, unknown>;
    for (const kind of KINDS) {
      const r = gen(schema, kind);
      expect(r.valid, r.errors.join('; ')).toBe(true);
      expect(Object.keys(r.args).sort()).toEqual(['__proto__', 'path']);
      expect(Object.getPrototypeOf(r.args)).toBe(Object.prototype);
    }
  });
});

describe('waits stay within a call', () => {
  it('keeps a duration small in every kind, even where the schema has no maximum', () => {
    const schema = {
      type: 'object',
      properties: {
        duration: { type: 'number', description: 'Duration in seconds' },
        steps: { type: 'number' },
      },
      required: ['duration'],
    };
    for (const kind of ['realistic', 'sensitive', 'boundary', 'minimal'] as const)
      for (const variant of [1, 2]) {
        const g = generateArguments(schema, { seed: 5, variant, kind });
        expect(g.valid).toBe(true);
        expect(Math.abs(g.args['duration'] as number), `${kind} ${variant}`).toBeLessThanOrEqual(
          10,
        );
      }
  });
});
