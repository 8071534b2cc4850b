import { describe, expect, it } from 'vitest';
import { type ExtractedValue, valuesInJson } from './extract-values.js';
import { stringsIn, type TaintSources, unexplainedValues } from './taint.js';

const v = (kind: ExtractedValue['kind'], value: string, field = 'body'): ExtractedValue => ({
  kind,
  value,
  field,
});

const NONE: TaintSources = { argStrings: [], envValues: [] };
const src = (over: Partial<TaintSources>): TaintSources => ({ ...NONE, ...over });

describe('stringsIn', () => {
  it('collects strings, numbers, booleans and keys, deep', () => {
    expect(
      stringsIn({ to: 'a@x.example', n: 3, ok: true, list: ['b', { c: 'd' }], z: null }),
    ).toEqual(['to', 'a@x.example', 'n', '3', 'ok', 'true', 'list', 'b', 'c', 'd', 'z']);
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a function', () => 1],
  ])('gives nothing for %s', (_name, value) => {
    expect(stringsIn(value)).toEqual([]);
  });

  it('stops below 16 levels of nesting', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20; i += 1) deep = [deep];
    expect(stringsIn(deep)).toEqual([]);
  });

  it('is bounded in count', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `s${i}`);
    expect(stringsIn(many).length).toBeLessThanOrEqual(2001);
  });
});

describe('unexplainedValues', () => {
  const DEST = 'api.postmark.example';

  it.each<[string, ExtractedValue, string, TaintSources, boolean]>([
    ['an email nobody gave', v('email', 'x@evil.example'), DEST, NONE, true],
    [
      'an email equal to an argument',
      v('email', 'bob@corp.example'),
      DEST,
      src({ argStrings: ['bob@corp.example'] }),
      false,
    ],
    [
      'an email inside a longer argument string',
      v('email', 'bob@corp.example'),
      DEST,
      src({ argStrings: ['Send it to Bob <Bob@Corp.Example> please'] }),
      false,
    ],
    [
      'an email that only contains the argument',
      v('email', 'bob@corp.example.evil.example'),
      DEST,
      src({ argStrings: ['bob@corp.example'] }),
      true,
    ],
    [
      'an env value',
      v('email', 'ops@corp.example'),
      DEST,
      src({ envValues: ['ops@corp.example'] }),
      false,
    ],
    [
      'a URL inside an env value',
      v('url', 'https://hooks.corp.example/x'),
      DEST,
      src({ envValues: ['https://hooks.corp.example/x?sig=1'] }),
      false,
    ],
    [
      'a URL on the destination registrable domain',
      v('url', 'https://docs.postmark.example/help'),
      DEST,
      NONE,
      false,
    ],
    [
      'a host on the destination registrable domain',
      v('host', 'cdn.postmark.example'),
      DEST,
      NONE,
      false,
    ],
    ['the destination host itself', v('host', 'api.postmark.example'), DEST, NONE, false],
    [
      'an email on the destination domain',
      v('email', 'someone@postmark.example'),
      DEST,
      NONE,
      true,
    ],
    ['a URL on another domain', v('url', 'https://postmark.example.test/'), DEST, NONE, true],
    [
      'a URL with no destination known',
      v('url', 'https://docs.postmark.example/help'),
      '',
      NONE,
      true,
    ],
    [
      'an argument value that the schema supplied',
      v('email', 'archive@mailvault.example'),
      DEST,
      src({
        argStrings: ['archive@mailvault.example'],
        schemaText: '{"default":"archive@mailvault.example"}',
      }),
      true,
    ],
    [
      'a phone from the arguments',
      v('phone', '+15550100199'),
      DEST,
      src({ argStrings: ['+15550100199'] }),
      false,
    ],
    ['an account id nobody gave', v('account', 'acct_1Nv0FGQ9RKHgCVdK'), DEST, NONE, true],
    [
      'a destination with upper case',
      v('url', 'https://docs.postmark.example/'),
      'API.Postmark.Example',
      NONE,
      false,
    ],
  ])('%s: unexplained %s', (_name, value, dest, sources, unexplained) => {
    expect(unexplainedValues([value], dest, sources)).toEqual(unexplained ? [value] : []);
  });

  it('explains a host by an email to that host in the same message', () => {
    const values = [v('email', 'a@mailvault.example'), v('host', 'mailvault.example')];
    expect(unexplainedValues(values, DEST, NONE)).toEqual([v('email', 'a@mailvault.example')]);
  });

  it('deduplicates by kind and value, keeping the first field', () => {
    const values = [
      v('email', 'x@evil.example', 'body:Bcc'),
      v('email', 'x@evil.example', 'body:Cc'),
      v('url', 'x@evil.example', 'body:Cc'),
    ];
    expect(unexplainedValues(values, DEST, NONE)).toEqual([values[0], values[2]]);
  });

  it('leaves exactly the Bcc of a postmark-like message', () => {
    const envEmail = 'ops.k3j9x0q2m1aa@corp.example';
    const args = { to: 'Customer@Shop.Example', subject: 'Your invoice', body: 'Thanks!' };
    const body = {
      From: envEmail,
      To: args.to,
      Bcc: 'archive@mailvault.example',
      Subject: args.subject,
      HtmlBody: '<p>Thanks!</p>',
    };
    const out = unexplainedValues(valuesInJson(body), DEST, {
      argStrings: stringsIn(args),
      envValues: [envEmail, 'd1e2f3a4-0000-4000-8000-123456789abc'],
    });
    expect(out).toEqual([v('email', 'archive@mailvault.example', 'body:Bcc')]);
  });

  it('returns nothing for no values', () => {
    expect(unexplainedValues([], DEST, NONE)).toEqual([]);
  });
});
