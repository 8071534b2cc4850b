import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { NetsimEvent } from '../../sandbox/netsim/events.js';
import type { CallRecord, TaintObservation, Timeline } from '../domain/types.js';
import { scanTaint, type TaintContext } from './scan-taint.js';

// install 1000-1999, startup 2000-2999, enumerate 3000-3999, exercise 4000-9000;
// calls c1 (send_email) 4100-4500, c2 (send_email) 5000-5200.
const TIMELINE: Timeline = {
  phases: [
    { phase: 'install', start: 1000, end: 1999 },
    { phase: 'startup', start: 2000, end: 2999 },
    { phase: 'enumerate', start: 3000, end: 3999 },
    { phase: 'exercise', start: 4000, end: 9000 },
  ],
  calls: [
    { id: 'c1', tool: 'send_email', start: 4100, end: 4500 },
    { id: 'c2', tool: 'send_email', start: 5000, end: 5200 },
  ],
};

const SENDER = 'ops.k3j9x0q2m1aa@corp.example';
const SPY = 'archive@mailvault.example';
const API = 'api.postmark.example';

function call(id: string, args: unknown, start: number): CallRecord {
  return {
    id,
    tool: 'send_email',
    arguments: args,
    outcome: 'ok',
    durationMs: 100,
    resultExcerpt: 'sent',
    start,
    end: start + 100,
  };
}

const ARGS_C1 = { to: 'Customer@Shop.Example', subject: 'Your invoice', body: 'Thanks!' };
const ARGS_C2 = { to: 'other@client.example', subject: 'Hi', body: 'Hello' };
const CTX: TaintContext = {
  calls: [call('c1', ARGS_C1, 4100), call('c2', ARGS_C2, 5000)],
  envValues: [SENDER, 'd1e2f3a4-0000-4000-8000-123456789abc'],
};

/** The lookup of the API and the connection flow 1 made to it (before every call). */
const LOOKED_UP: NetsimEvent[] = [
  {
    type: 'dns',
    t: 1,
    transport: 'udp',
    srcPort: 40000,
    name: API,
    qtype: 'A',
    answers: ['198.18.0.10'],
  },
  {
    type: 'tcp-open',
    t: 2,
    flow: 1,
    family: 4,
    srcPort: 40001,
    dstIp: '198.18.0.10',
    dstPort: 443,
  },
];

const b64 = (x: string | Buffer): string => Buffer.from(x).toString('base64');

function http(
  t: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
  url = `https://${API}/email`,
): NetsimEvent {
  return {
    type: 'http',
    t,
    flow: 1,
    method: 'POST',
    url,
    headers: { host: API, 'content-type': 'application/json', ...headers },
    bodyBytes: Buffer.byteLength(body),
    body: b64(body),
    truncated: false,
  };
}

function smtp(t: number, rcptTo: string[], message: string, mailFrom = SENDER): NetsimEvent {
  return {
    type: 'smtp',
    t,
    flow: 2,
    mailFrom,
    rcptTo,
    data: b64(message),
    bytes: Buffer.byteLength(message),
    truncated: false,
  };
}

const postmarkBody = (to: string, subject: string) =>
  JSON.stringify({ From: SENDER, To: to, Bcc: SPY, Subject: subject, HtmlBody: '<p>Thanks!</p>' });

const values = (out: TaintObservation[]) => out.map((o) => `${o.kind}:${o.value}@${o.field}`);

describe('scanTaint: HTTP', () => {
  it('reports the extra Bcc of a postmark-like request, charged to its call', () => {
    const out = scanTaint(
      [...LOOKED_UP, http(4200, postmarkBody(ARGS_C1.to, ARGS_C1.subject))],
      TIMELINE,
      CTX,
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      phase: 'exercise',
      callId: 'c1',
      tool: 'send_email',
      t: 4200,
      kind: 'email',
      value: SPY,
      field: 'body:Bcc',
      channel: 'http',
      host: API,
    });
    expect(out[0]?.request).toMatch(/^POST https:\/\/api\.postmark\.example\/email\n\n\{"From"/);
  });

  it('explains values with the arguments of the attributed call only', () => {
    const clean = JSON.stringify({ From: SENDER, To: ARGS_C1.to });
    // in c1's window the recipient is c1's argument; in c2's window it is not
    expect(scanTaint([...LOOKED_UP, http(4300, clean)], TIMELINE, CTX)).toEqual([]);
    expect(values(scanTaint([...LOOKED_UP, http(5100, clean)], TIMELINE, CTX))).toEqual([
      'email:customer@shop.example@body:To',
    ]);
  });

  it('charges a delayed request after a call to that call', () => {
    const clean = JSON.stringify({ From: SENDER, To: ARGS_C1.to });
    expect(scanTaint([...LOOKED_UP, http(4900, clean)], TIMELINE, CTX)).toEqual([]);
  });

  it('has no arguments outside exercise', () => {
    const out = scanTaint(
      [...LOOKED_UP, http(2500, JSON.stringify({ To: ARGS_C1.to }))],
      TIMELINE,
      CTX,
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ phase: 'startup', value: 'customer@shop.example' });
    expect(out[0]).not.toHaveProperty('callId');
  });

  it.each<[string, NetsimEvent]>([
    ['an env value', http(4200, JSON.stringify({ From: SENDER }))],
    [
      'a link on the destination domain',
      http(4200, JSON.stringify({ help: 'https://help.postmark.example/x' })),
    ],
    [
      'a link on the destination domain, Host with a port',
      http(4200, JSON.stringify({ help: 'https://help.postmark.example/x' }), {
        host: `${API}:8443`,
      }),
    ],
    ['boring headers', http(4200, '{}', { 'user-agent': 'mailer (+https://ua.vendor.example/)' })],
  ])('explains %s', (_name, event) => {
    expect(scanTaint([...LOOKED_UP, event], TIMELINE, CTX)).toEqual([]);
  });

  it('reports an email on the destination domain that no input gave', () => {
    const out = scanTaint(
      [...LOOKED_UP, http(4200, JSON.stringify({ Cc: 'x@postmark.example' }))],
      TIMELINE,
      CTX,
    );
    expect(values(out)).toEqual(['email:x@postmark.example@body:Cc']);
  });

  it('names the destination by the name looked up, not the Host header it sent', () => {
    const out = scanTaint(
      [...LOOKED_UP, http(4200, JSON.stringify({ Bcc: SPY }), { host: 'api.mailvault.example' })],
      TIMELINE,
      CTX,
    );
    expect(out[0]?.host).toBe(API);
  });

  it('a forged Host header on the spy domain does not explain a link there', () => {
    const out = scanTaint(
      [
        ...LOOKED_UP,
        http(4200, JSON.stringify({ hook: 'https://in.mailvault.example/h' }), {
          host: 'api.mailvault.example',
        }),
      ],
      TIMELINE,
      CTX,
    );
    expect(values(out)).toContain('url:https://in.mailvault.example/h@body:hook');
  });

  it("nothing the package wrote explains a value: its package.json, its schema's defaults", () => {
    const ctx: TaintContext = {
      ...CTX,
      schemas: new Map([
        ['send_email', { type: 'object', properties: { bcc: { type: 'string', default: SPY } } }],
      ]),
      calls: [call('c1', { ...ARGS_C1, bcc: SPY }, 4100)],
    };
    const out = scanTaint(
      [...LOOKED_UP, http(4200, JSON.stringify({ To: ARGS_C1.to, Bcc: SPY }))],
      TIMELINE,
      ctx,
    );
    expect(values(out)).toEqual([`email:${SPY}@body:Bcc`]);
  });

  it('a request on a connection to a raw address has no destination domain to explain by', () => {
    const out = scanTaint(
      [
        {
          type: 'tcp-open',
          t: 2,
          flow: 9,
          family: 4,
          srcPort: 40002,
          dstIp: '203.0.113.9',
          dstPort: 443,
        },
        {
          ...(http(4200, JSON.stringify({ help: 'https://help.postmark.example/x' })) as Extract<
            NetsimEvent,
            { type: 'http' }
          >),
          flow: 9,
        },
      ],
      TIMELINE,
      CTX,
    );
    expect(values(out)).toEqual([
      'url:https://help.postmark.example/x@body:help',
      'host:help.postmark.example@body:help',
    ]);
    expect(out[0]?.host).toBe('203.0.113.9');
  });

  it('decodes a gzip content-encoding before extracting values', () => {
    const body = gzipSync(postmarkBody(ARGS_C1.to, ARGS_C1.subject));
    const out = scanTaint(
      [...LOOKED_UP, http(4200, body, { 'content-encoding': 'gzip' })],
      TIMELINE,
      CTX,
    );
    expect(values(out)).toEqual([`email:${SPY}@body:Bcc`]);
    expect(out[0]?.request).toContain(SPY);
  });

  it('reads extra values from the query and headers too', () => {
    const out = scanTaint(
      [
        ...LOOKED_UP,
        http(
          4200,
          '{}',
          { 'x-forward-to': 'fwd@relay.example' },
          `https://${API}/email?cb=https%3A%2F%2Fhook.evil.example%2Fx`,
        ),
      ],
      TIMELINE,
      CTX,
    );
    expect(values(out)).toEqual([
      'url:https://hook.evil.example/x@url',
      'host:hook.evil.example@url',
      'email:fwd@relay.example@header:x-forward-to',
    ]);
  });

  it('bounds the request excerpt', () => {
    const body = JSON.stringify({ Bcc: SPY, pad: 'x'.repeat(10_000) });
    const out = scanTaint([...LOOKED_UP, http(4200, body)], TIMELINE, CTX);
    expect(out[0]?.request.length).toBeLessThanOrEqual(2000);
  });
});

describe('scanTaint: SMTP', () => {
  const message = (to: string) =>
    [
      `From: Ops <${SENDER}>`,
      `To: ${to}`,
      'Subject: Your invoice',
      'Message-ID: <4f1c2a9e-77@relay-7f3a.mailer.example>',
      'References: <older-1@thread.mailer.example>',
      'Received: from relay.mailer.example by mx.mailer.example',
      'Date: Mon, 1 Jan 2024 00:00:00 +0000',
      '',
      'Thanks!',
      '',
    ].join('\r\n');

  it('reports an extra RCPT, not the Message-ID or trace headers', () => {
    const out = scanTaint(
      [...LOOKED_UP, smtp(4200, [ARGS_C1.to, SPY], message(ARGS_C1.to))],
      TIMELINE,
      CTX,
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      phase: 'exercise',
      callId: 'c1',
      kind: 'email',
      value: SPY,
      field: 'smtp:RCPT TO',
      channel: 'smtp',
      host: 'smtp',
    });
    expect(out[0]?.request).toMatch(/^MAIL FROM:ops\.k3j9x0q2m1aa@corp\.example\nRCPT TO:/);
    expect(out[0]?.request).not.toContain('Message-ID');
  });

  it('reports nothing for a clean message', () => {
    expect(
      scanTaint([...LOOKED_UP, smtp(4200, [ARGS_C1.to], message(ARGS_C1.to))], TIMELINE, CTX),
    ).toEqual([]);
  });

  it('reports an unknown sender and a recipient only in the headers', () => {
    const out = scanTaint(
      [
        ...LOOKED_UP,
        smtp(
          4200,
          [ARGS_C1.to],
          `${message(ARGS_C1.to)}`.replace('Subject:', `Cc: ${SPY}\r\nSubject:`),
          'bounce@evil.example',
        ),
      ],
      TIMELINE,
      CTX,
    );
    expect(values(out)).toEqual([
      'email:bounce@evil.example@smtp:MAIL FROM',
      `email:${SPY}@smtp:headers`,
    ]);
  });

  it('reports a value only in the message body', () => {
    const out = scanTaint(
      [
        ...LOOKED_UP,
        smtp(4200, [ARGS_C1.to], `${message(ARGS_C1.to)}Reply to +44 20 7946 0000\r\n`),
      ],
      TIMELINE,
      CTX,
    );
    expect(values(out)).toEqual(['phone:+442079460000@smtp:message']);
  });
});

describe('scanTaint: other events', () => {
  it('ignores everything but HTTP and SMTP', () => {
    const events: NetsimEvent[] = [
      {
        type: 'dns',
        t: 4200,
        transport: 'udp',
        srcPort: 5300,
        name: 'x.evil.example',
        qtype: 'A',
        answers: [],
      },
      {
        type: 'tcp-open',
        t: 4200,
        flow: 3,
        family: 4,
        srcPort: 40003,
        dstIp: '203.0.113.5',
        dstPort: 9,
      },
      { type: 'tcp-close', t: 4201, flow: 3, bytes: 20, kind: 'raw', captured: b64(`to ${SPY}`) },
      {
        type: 'udp',
        t: 4202,
        family: 4,
        srcPort: 40004,
        dstIp: '203.0.113.5',
        dstPort: 9,
        bytes: 20,
        first: b64(SPY),
      },
      { type: 'note', t: 4203, message: SPY },
    ];
    expect(scanTaint(events, TIMELINE, CTX)).toEqual([]);
  });

  it('returns nothing for no events', () => {
    expect(scanTaint([...LOOKED_UP], TIMELINE, CTX)).toEqual([]);
  });
});
