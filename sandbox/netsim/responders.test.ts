import { describe, expect, it } from 'vitest';
import { GENERIC_BODY, MAX_PARSED_BODY, isPostmark, respond } from './responders.js';

let n = 0;
const env = {
  now: () => new Date('2024-05-06T07:08:09.000Z'),
  uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
};

const json = (body: string): unknown => JSON.parse(body);

describe('respond', () => {
  it('answers a Postmark send with the To echoed', () => {
    n = 0;
    const r = respond(
      'POST',
      '/email',
      { 'content-type': 'application/json' },
      JSON.stringify({ From: 'a@corp.example', To: 'b@victim.example', Subject: 'hi' }),
      env,
    );
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(json(r.body)).toEqual({
      To: 'b@victim.example',
      SubmittedAt: '2024-05-06T07:08:09.000Z',
      MessageID: '00000000-0000-4000-8000-000000000001',
      ErrorCode: 0,
      Message: 'OK',
    });
  });

  it('answers a Postmark batch with one result per message', () => {
    const body = JSON.stringify([{ To: 'x@a.example' }, { To: 'y@b.example' }, { nope: 1 }]);
    const r = respond('POST', '/email/batch?x=1', {}, body, env);
    const out = json(r.body) as { To: string; ErrorCode: number }[];
    expect(out.map((o) => [o.To, o.ErrorCode])).toEqual([
      ['x@a.example', 0],
      ['y@b.example', 0],
      ['', 0],
    ]);
  });

  it('bounds a batch to 500 results', () => {
    const body = JSON.stringify(Array.from({ length: 600 }, () => ({ To: 'x@a.example' })));
    expect(json(respond('POST', '/email/batch', {}, body, env).body)).toHaveLength(500);
  });

  it('answers any request with X-Postmark-Server-Token like Postmark (any case)', () => {
    const r = respond('POST', '/email/withTemplate', { 'X-Postmark-Server-Token': 't' }, '{}', env);
    expect(json(r.body)).toMatchObject({ To: '', ErrorCode: 0, Message: 'OK' });
    expect(isPostmark('GET', '/server', { 'x-postmark-server-token': 'tok' })).toBe(true);
  });

  it.each<[string, string]>([
    ['GET', '/email'],
    ['POST', '/emails'],
    ['POST', '/v1/email'],
  ])('does not take %s %s for Postmark without the token', (method, path) => {
    expect(isPostmark(method, path, {})).toBe(false);
  });

  it('matches Postmark paths with a trailing slash or in upper case', () => {
    expect(isPostmark('post', '/EMAIL/', {})).toBe(true);
    expect(isPostmark('POST', '/email/batch/', {})).toBe(true);
  });

  it.each<[string, string]>([
    ['not JSON', 'To=b@victim.example'],
    ['JSON array on the single endpoint', '[{"To":"x@a.example"}]'],
    ['To not a string', '{"To":["x@a.example"]}'],
    ['null', 'null'],
    ['empty', ''],
  ])('still answers OK with an empty To for a body that is %s', (_name, body) => {
    expect(json(respond('POST', '/email', {}, body, env).body)).toMatchObject({
      To: '',
      ErrorCode: 0,
    });
  });

  it('does not parse an oversize body and bounds an echoed To', () => {
    const huge = JSON.stringify({ To: 'x'.repeat(MAX_PARSED_BODY) });
    expect(json(respond('POST', '/email', {}, huge, env).body)).toMatchObject({ To: '' });
    const long = JSON.stringify({ To: 'y'.repeat(10_000) });
    expect((json(respond('POST', '/email', {}, long, env).body) as { To: string }).To).toHaveLength(
      2048,
    );
  });

  it('answers a GET of a .json path with {}', () => {
    const r = respond('GET', '/config/settings.json?v=2', { accept: 'text/html' }, '', env);
    expect(r.body).toBe('{}');
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(respond('POST', '/x.json', {}, '', env).body).toBe(GENERIC_BODY);
  });

  it('answers a client that accepts text/html with a small page', () => {
    const r = respond('GET', '/', { accept: 'text/html,application/xhtml+xml;q=0.9' }, '', env);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.body).toMatch(/^<!doctype html>/);
    expect(r.body.length).toBeLessThan(300);
  });

  it('keeps the generic JSON default', () => {
    expect(respond('POST', '/ingest', { accept: '*/*' }, 'data', env)).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"ok":true,"status":"success","data":{}}',
    });
  });

  it('uses real time and uuids by default', () => {
    const out = json(respond('POST', '/email', {}, '{"To":"a@b.example"}').body) as {
      SubmittedAt: string;
      MessageID: string;
    };
    expect(Number.isNaN(Date.parse(out.SubmittedAt))).toBe(false);
    expect(out.MessageID).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
