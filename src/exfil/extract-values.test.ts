import { describe, expect, it } from 'vitest';
import {
  type ExtractedValue,
  valuesInJson,
  valuesInRequest,
  valuesInText,
} from './extract-values.js';

const v = (kind: ExtractedValue['kind'], value: string, field: string): ExtractedValue => ({
  kind,
  value,
  field,
});

describe('valuesInText', () => {
  it.each<[string, string, ExtractedValue[]]>([
    [
      'an email, lower-cased',
      'write to Bob.Smith@Corp.Example',
      [v('email', 'bob.smith@corp.example', 'f')],
    ],
    [
      'an email with plus and a sub-domain',
      'x a+tag@mail.corp.example y',
      [v('email', 'a+tag@mail.corp.example', 'f')],
    ],
    [
      'a URL and its host',
      'see https://Docs.Svc.example/a/b?c=1 now',
      [v('url', 'https://Docs.Svc.example/a/b?c=1', 'f'), v('host', 'docs.svc.example', 'f')],
    ],
    [
      'an http URL stops at a quote',
      `"http://198.51.100.7:8080/x"`,
      [v('url', 'http://198.51.100.7:8080/x', 'f'), v('host', '198.51.100.7', 'f')],
    ],
    [
      'an international phone, normalised',
      'call +1 (555) 010-0199 today',
      [v('phone', '+15550100199', 'f')],
    ],
    ['a phone with dots', '+44.20.7946.0000', [v('phone', '+442079460000', 'f')]],
    ['a Stripe account', 'acct_1Nv0FGQ9RKHgCVdK', [v('account', 'acct_1Nv0FGQ9RKHgCVdK', 'f')]],
    ['a Stripe customer', 'id=cus_NffrFeUfNV2Hib;', [v('account', 'cus_NffrFeUfNV2Hib', 'f')]],
    [
      'an AWS ARN',
      'role arn:aws:iam::123456789012:role/deploy-bot',
      [v('account', 'arn:aws:iam::123456789012:role/deploy-bot', 'f')],
    ],
    ['no values in plain text', 'hello world, nothing to see here', []],
    ['a phone without a plus is not a value', 'call 555 010 0199', []],
    ['a short phone is not a value', '+1 555', []],
    ['an address without a TLD is not an email', 'root@localhost', []],
    ['a too short account id is not a value', 'acct_1234', []],
    ['a scheme-less host is not a value', 'api.svc.example', []],
  ])('finds %s', (_name, text, expected) => {
    expect(valuesInText(text, 'f')).toEqual(expected);
  });

  it('finds several values of several kinds, tagged with the field', () => {
    const out = valuesInText(
      'to a@x.example, b@y.example; cb https://hook.test/cb; +33 1 23 45 67 89',
      'header:x-meta',
    );
    expect(out.map((x) => `${x.kind}:${x.value}`)).toEqual([
      'email:a@x.example',
      'email:b@y.example',
      'url:https://hook.test/cb;',
      'host:hook.test',
      'phone:+33123456789',
    ]);
    for (const x of out) expect(x.field).toBe('header:x-meta');
  });

  it('returns at most 500 values', () => {
    const text = Array.from({ length: 800 }, (_, i) => `u${i}@bulk.example`).join(' ');
    expect(valuesInText(text, 'body')).toHaveLength(500);
  });

  it('reads at most 256 KiB of text', () => {
    const text = `${' '.repeat(256 * 1024)}late@far.example`;
    expect(valuesInText(text, 'body')).toEqual([]);
    expect(valuesInText(`early@near.example ${text}`, 'body')).toHaveLength(1);
  });
});

describe('valuesInJson', () => {
  it('names each value by its key path', () => {
    const doc = {
      From: 'ops@corp.example',
      Bcc: 'archive@mailvault.example',
      recipients: [{ email: 'a@x.example' }, { email: 'b@x.example', name: 'B' }],
      meta: { links: { home: 'https://home.example/' } },
      count: 3,
      ok: true,
      nothing: null,
    };
    expect(valuesInJson(doc)).toEqual([
      v('email', 'ops@corp.example', 'body:From'),
      v('email', 'archive@mailvault.example', 'body:Bcc'),
      v('email', 'a@x.example', 'body:recipients[0].email'),
      v('email', 'b@x.example', 'body:recipients[1].email'),
      v('url', 'https://home.example/', 'body:meta.links.home'),
      v('host', 'home.example', 'body:meta.links.home'),
    ]);
  });

  it.each<[string, unknown, string[]]>([
    ['a root string', 'to root@x.example', ['body:(root)']],
    ['a root array', ['a@x.example', ['b@x.example']], ['body:[0]', 'body:[1][0]']],
    ['a key with dots', { 'a.b': 'c@x.example' }, ['body:a.b']],
  ])('handles %s', (_name, doc, fields) => {
    expect(valuesInJson(doc).map((x) => x.field)).toEqual(fields);
  });

  it('uses the given prefix once', () => {
    expect(valuesInJson({ to: 'a@x.example' }, 'payload')).toEqual([
      v('email', 'a@x.example', 'payload:to'),
    ]);
  });

  it('stops below 32 levels of nesting', () => {
    let deep: unknown = 'deep@x.example';
    for (let i = 0; i < 40; i += 1) deep = { n: deep };
    expect(valuesInJson(deep)).toEqual([]);
    let shallow: unknown = 'shallow@x.example';
    for (let i = 0; i < 10; i += 1) shallow = { n: shallow };
    expect(valuesInJson(shallow)).toHaveLength(1);
  });

  it('returns at most 500 values', () => {
    const doc = Array.from({ length: 900 }, (_, i) => `u${i}@bulk.example`);
    expect(valuesInJson(doc)).toHaveLength(500);
  });

  it('finds nothing in numbers, booleans and null', () => {
    expect(valuesInJson({ a: 1, b: false, c: null, d: [2, 3] })).toEqual([]);
  });
});

describe('valuesInRequest', () => {
  it('reads the query string, percent- and plus-decoded, not the path or host', () => {
    const out = valuesInRequest(
      'https://api.svc.example/users/ignored@path.example/send?to=a%40b.example&next=https%3A%2F%2Fcb.example%2Fz&n=%2B1+555+010+0199',
      {},
      '',
      '',
    );
    expect(out).toEqual([
      v('email', 'a@b.example', 'url'),
      v('url', 'https://cb.example/z', 'url'),
      v('host', 'cb.example', 'url'),
      v('phone', '+15550100199', 'url'),
    ]);
  });

  it('keeps a URL parameter from running into the next one', () => {
    const out = valuesInRequest(
      'https://api.svc.example/?cb=https%3A%2F%2Fhook.example%2Fdone&id=7',
      {},
      '',
      '',
    );
    expect(out.filter((x) => x.kind === 'url').map((x) => x.value)).toEqual([
      'https://hook.example/done',
    ]);
  });

  it('survives malformed percent-encoding without reading the URL itself', () => {
    expect(
      valuesInRequest('https://api.svc.example/?to=a%40b.example&x=%E0%A4%A', {}, '', ''),
    ).toEqual([v('email', 'a@b.example', 'url')]);
  });

  it('reads a query without key=value pairs', () => {
    expect(valuesInRequest('https://api.svc.example/?a@b.example', {}, '', '')).toEqual([
      v('email', 'a@b.example', 'url'),
    ]);
  });

  it('falls back to the raw URL when it does not parse', () => {
    expect(valuesInRequest('/relative?to=a@b.example', {}, '', '')).toEqual([
      v('email', 'a@b.example', 'url'),
    ]);
  });

  it('reads non-standard headers and skips the boring ones (any case)', () => {
    const headers = {
      Host: 'host@h.example',
      'User-Agent': 'bot (+https://bot.example/info) ua@h.example',
      Referer: 'https://ref.example/',
      Origin: 'https://origin.example',
      'content-type': 'text/plain; a@h.example',
      'X-Bcc': 'hidden@mailvault.example',
      Authorization: 'Bearer x; contact sec@vendor.example',
    };
    expect(valuesInRequest('https://api.svc.example/', headers, '', 'text/plain')).toEqual([
      v('email', 'hidden@mailvault.example', 'header:X-Bcc'),
      v('email', 'sec@vendor.example', 'header:Authorization'),
    ]);
  });

  it.each<[string, string, string, ExtractedValue[]]>([
    [
      'a JSON body by content type',
      '{"to":"a@x.example","cc":["b@x.example","c@x.example"]}',
      'application/json; charset=utf-8',
      [
        v('email', 'a@x.example', 'body:to'),
        v('email', 'b@x.example', 'body:cc[0]'),
        v('email', 'c@x.example', 'body:cc[1]'),
      ],
    ],
    [
      'a JSON body by its first byte',
      ' [{"e":"a@x.example"}]',
      'text/plain',
      [v('email', 'a@x.example', 'body:[0].e')],
    ],
    [
      'a vendor JSON type',
      '{"Bcc":"z@x.example"}',
      'application/vnd.api+json',
      [v('email', 'z@x.example', 'body:Bcc')],
    ],
    [
      'broken JSON as text',
      '{"to":"a@x.example",',
      'application/json',
      [v('email', 'a@x.example', 'body')],
    ],
    [
      'a form body',
      'to=a%40x.example&cc=b@x.example&note=hi+there&cb=https%3A%2F%2Fcb.example%2F',
      'application/x-www-form-urlencoded',
      [
        v('email', 'a@x.example', 'body:to'),
        v('email', 'b@x.example', 'body:cc'),
        v('url', 'https://cb.example/', 'body:cb'),
        v('host', 'cb.example', 'body:cb'),
      ],
    ],
    ['a text body', 'Hello a@x.example,\nbye', 'text/plain', [v('email', 'a@x.example', 'body')]],
    ['an empty body', '', 'application/json', []],
  ])('reads %s', (_name, body, contentType, expected) => {
    expect(valuesInRequest('https://api.svc.example/v1', {}, body, contentType)).toEqual(expected);
  });

  it('returns at most 500 values over URL, headers and body', () => {
    const many = (n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => `${tag}${i}@bulk.example`).join(' ');
    const out = valuesInRequest(
      `https://api.svc.example/?q=${encodeURIComponent(many(300, 'q'))}`,
      { 'x-list': many(300, 'h') },
      many(300, 'b'),
      'text/plain',
    );
    expect(out).toHaveLength(500);
  });
});
